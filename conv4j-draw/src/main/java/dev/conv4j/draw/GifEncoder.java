package dev.conv4j.draw;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes an {@link Animation} as a looping animated GIF with the JDK's ImageIO GIF writer.
 *
 * <p>Frames are painted by {@link RasterRenderer}; one palette (the 256 most used colours of all
 * frames, every other colour mapped to its nearest) serves every frame, and each frame after the
 * first stores only the rectangle that changed, kept on screen by the "do not dispose" rule.
 */
public final class GifEncoder {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private GifEncoder() {
    }

    /** A changed rectangle of a frame, the whole frame before it (null for the first), and how long it stays. */
    private record Patch(BufferedImage image, BufferedImage before, int x, int y, int delayMs) {
    }

    public static byte[] encode(Animation animation, double scale) {
        List<BufferedImage> frames = renderOnCommonCanvas(animation, scale);
        Quantizer palette = Quantizer.of(frames, true);
        List<Patch> patches = patches(frames, animation.delaysMs());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < patches.size(); i++) {
                Patch p = patches.get(i);
                BufferedImage indexed = palette.indexedChanges(p.image(), p.before(), p.x(), p.y());
                IIOMetadata meta = metadata(writer, indexed, p, i == 0, palette.transparentIndex());
                writer.writeToSequence(new IIOImage(indexed, null, meta), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static List<BufferedImage> renderOnCommonCanvas(Animation animation, double scale) {
        List<BufferedImage> rendered = animation.frames().stream()
                .map(d -> RasterRenderer.render(d, scale, false)).toList();
        int w = rendered.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int h = rendered.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        List<BufferedImage> frames = new ArrayList<>(rendered.size());
        for (BufferedImage r : rendered) {
            if (r.getWidth() == w && r.getHeight() == h) {
                frames.add(r);
                continue;
            }
            BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(r, 0, 0, null);
            g.dispose();
            frames.add(canvas);
        }
        return frames;
    }

    /** The first frame whole, then per frame the bounding box of what changed; unchanged frames lengthen the one before. */
    private static List<Patch> patches(List<BufferedImage> frames, List<Integer> delays) {
        List<Patch> patches = new ArrayList<>();
        BufferedImage first = frames.get(0);
        patches.add(new Patch(first, null, 0, 0, delays.get(0)));
        for (int i = 1; i < frames.size(); i++) {
            int[] box = changedBox(frames.get(i - 1), frames.get(i));
            if (box == null) {
                Patch last = patches.removeLast();
                patches.add(new Patch(last.image(), last.before(), last.x(), last.y(), last.delayMs() + delays.get(i)));
                continue;
            }
            BufferedImage sub = frames.get(i).getSubimage(box[0], box[1], box[2] - box[0], box[3] - box[1]);
            patches.add(new Patch(sub, frames.get(i - 1), box[0], box[1], delays.get(i)));
        }
        return patches;
    }

    /** {@code [x0, y0, x1, y1)} of the pixels that differ, or null when none does. */
    private static int[] changedBox(BufferedImage before, BufferedImage after) {
        int w = after.getWidth();
        int h = after.getHeight();
        int[] a = before.getRGB(0, 0, w, h, null, 0, w);
        int[] b = after.getRGB(0, 0, w, h, null, 0, w);
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (a[y * w + x] != b[y * w + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 + 1, y1 + 1};
    }

    private static IIOMetadata metadata(ImageWriter writer, BufferedImage image, Patch patch, boolean first,
                                        int transparentIndex) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        boolean see = patch.before() != null;
        control.setAttribute("transparentColorFlag", see ? "TRUE" : "FALSE");
        control.setAttribute("transparentColorIndex", Integer.toString(see ? transparentIndex : 0));
        control.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(patch.delayMs() / 10f))));
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(patch.x()));
        descriptor.setAttribute("imageTopPosition", Integer.toString(patch.y()));
        descriptor.setAttribute("imageWidth", Integer.toString(image.getWidth()));
        descriptor.setAttribute("imageHeight", Integer.toString(image.getHeight()));
        descriptor.setAttribute("interlaceFlag", "FALSE");
        if (first) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0});
            extensions.appendChild(loop);
        }
        meta.setFromTree(FORMAT, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
