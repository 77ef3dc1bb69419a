package org.unet4j.experiments.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.unet4j.layers.io.AtomicFileWriter;

/**
 * Writes run outputs (text and PNG) so that a reader, or a resumed run, sees either the old file or the complete new
 * one, through {@link AtomicFileWriter}: temporary file beside the target, forced to the device, renamed over it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code image} as a PNG to {@code target} atomically. */
    public static void writePng(Path target, BufferedImage image) throws IOException {
        write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for an image of type " + image.getType());
            }
        });
    }

    /**
     * Writes {@code content} to {@code target} atomically; a failure (a full disk, say) names the file:
     * {@code cannot write runs/a/metrics.csv: No space left on device}. The old file, if any, is left as it was.
     */
    public static void write(Path target, AtomicFileWriter.Content content) throws IOException {
        try {
            AtomicFileWriter.write(target, content);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + OutputDirectory.reason(e), e);
        }
    }
}
