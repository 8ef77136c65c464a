package dev.conv4j.explain.web;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/** Built-in data for the page's "sample" buttons, made here so that nothing is downloaded. */
final class Samples {
    private Samples() {
    }

    /** A 320x240 grey scene with a gradient, a disc, a bar, stripes and lettering: edges in every direction. */
    static BufferedImage image() {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40, 40, 40), 320, 240, new Color(200, 200, 200)));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(235, 235, 235));
        g.fillOval(30, 30, 110, 110);
        g.setColor(new Color(20, 20, 20));
        g.fillRect(180, 40, 110, 40);
        for (int i = 0; i < 6; i++) {
            g.setColor(i % 2 == 0 ? Color.WHITE : Color.BLACK);
            g.fillRect(180 + i * 18, 100, 18, 50);
        }
        g.setStroke(new BasicStroke(4));
        g.setColor(Color.WHITE);
        g.drawLine(20, 220, 300, 170);
        g.setFont(new Font("DejaVu Sans", Font.BOLD, 34));
        g.setColor(new Color(250, 250, 250));
        g.drawString("conv4j", 40, 200);
        g.dispose();
        return image;
    }

    /** 600 samples of two sines and noise (the same every time: {@code new Random(42)}), as CSV with a header. */
    static String signalCsv() {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder("value\n");
        for (int t = 0; t < 600; t++) {
            double v = Math.sin(t * 2 * Math.PI / 150) + 0.3 * Math.sin(t * 2 * Math.PI / 23)
                    + 0.25 * random.nextGaussian() + (t >= 300 && t < 360 ? 1.5 : 0);
            sb.append(String.format(Locale.ROOT, "%.4f%n", v));
        }
        return sb.toString();
    }
}
