package dev.conv4j.draw;

import java.util.Locale;

/** An opaque sRGB colour, {@code 0..255} per channel. */
public record Rgb(int red, int green, int blue) {
    public Rgb {
        if ((red | green | blue) < 0 || red > 255 || green > 255 || blue > 255) {
            throw new IllegalArgumentException("colour channels must be 0..255: " + red + "," + green + "," + blue);
        }
    }

    /** Parses {@code #rrggbb}. */
    public static Rgb hex(String hex) {
        if (!hex.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("colour '" + hex + "' is not #rrggbb");
        }
        int v = Integer.parseInt(hex.substring(1), 16);
        return new Rgb(v >> 16, (v >> 8) & 0xff, v & 0xff);
    }

    /** {@code #rrggbb}, as SVG and CSS write it. */
    public String hex() {
        return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
    }

    /** This colour moved towards white by {@code amount} (0 = unchanged, 1 = white). */
    public Rgb lighter(double amount) {
        return new Rgb(mix(red, amount), mix(green, amount), mix(blue, amount));
    }

    private static int mix(int channel, double amount) {
        return (int) Math.round(channel + (255 - channel) * amount);
    }
}
