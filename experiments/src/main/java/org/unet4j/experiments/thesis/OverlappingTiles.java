package org.unet4j.experiments.thesis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.unet4j.autodiff.Tensor;

/**
 * Full-resolution segmentation by overlapping tiles, Experiment 11 of the SoftCut thesis (Bonfiglio 2022): the image
 * is covered by core tiles of {@code tile x tile} pixels; each is fed to the network inside a window of
 * {@code (tile + overlap)^2} pixels, {@code overlap / 2} of context on every side ("256 + 32" in the thesis); training
 * computes the loss on the whole window, overlap included, and inference keeps only each window's core and
 * recombines the cores into the full-resolution output. A window that would cross the image's border is shifted
 * inside the image (its core keeps its place), so a window edge is either {@code overlap / 2} or more away from its
 * core or is the image's own border. Hence, for a fully convolutional network whose receptive field reaches at most
 * {@code overlap / 2} pixels from its centre, the recombined output equals inference on the whole image.
 *
 * @param tile    the core's side in pixels
 * @param overlap the context added around a core, {@code overlap / 2} per side (even)
 */
public record OverlappingTiles(int tile, int overlap) {
    /** Checks the sizes. */
    public OverlappingTiles {
        if (tile < 1 || overlap < 0 || overlap % 2 != 0) {
            throw new IllegalArgumentException("overlapping tiles need a tile of at least 1 pixel and an even, "
                    + "non-negative overlap (half of it on each side), got tile " + tile + " and overlap " + overlap);
        }
    }

    /**
     * One window along one axis: its start and the core it contributes, {@code [coreStart, coreEnd)}, both in image
     * coordinates.
     */
    record Span(int start, int coreStart, int coreEnd) {
    }

    /** The window side, {@code tile + overlap}. */
    public int window() {
        return tile + overlap;
    }

    /** The windows along an axis of {@code extent} pixels, which must be at least {@link #window()}. */
    List<Span> spans(int extent) {
        if (extent < window()) {
            throw new IllegalArgumentException("an image side of " + extent + " pixels is smaller than the window of "
                    + window() + " (tile " + tile + " + overlap " + overlap + "); use smaller tiles or larger images");
        }
        List<Span> out = new ArrayList<>();
        for (int core = 0; core < extent; core += tile) {
            int start = Math.max(0, Math.min(core - overlap / 2, extent - window()));
            out.add(new Span(start, core, Math.min(core + tile, extent)));
        }
        return out;
    }

    /** The number of windows of an {@code h x w} image. */
    public int count(int h, int w) {
        return spans(h).size() * spans(w).size();
    }

    /**
     * The windows of every image of {@code images} ({@code N x C x H x W}), image by image, row-major:
     * {@code N * count(H, W) x C x window x window}. Cut the masks the same way for training on the windows.
     */
    public Tensor cut(Tensor images) {
        List<Tensor> windows = new ArrayList<>();
        for (int s = 0; s < images.dim(0); s++) {
            Tensor image = images.slice(0, s, s + 1);
            for (Span y : spans(images.dim(2))) {
                for (Span x : spans(images.dim(3))) {
                    windows.add(image.slice(2, y.start(), y.start() + window()).slice(3, x.start(),
                            x.start() + window()));
                }
            }
        }
        return Tensor.concat(windows, 0);
    }

    /**
     * The full-resolution outputs {@code N x K x h x w} recombined from the outputs of {@link #cut}'s windows
     * ({@code N * count(h, w) x K x window x window}): each window's core, its overlap discarded.
     */
    public Tensor stitch(Tensor windows, int n, int h, int w) {
        List<Span> rows = spans(h);
        List<Span> columns = spans(w);
        if (windows.dim(0) != n * rows.size() * columns.size() || windows.dim(2) != window()
                || windows.dim(3) != window()) {
            throw new IllegalArgumentException("stitching " + n + " images of " + h + "x" + w + " needs "
                    + n * rows.size() * columns.size() + " windows of " + window() + "x" + window() + ", got "
                    + windows.shape());
        }
        List<Tensor> images = new ArrayList<>();
        int i = 0;
        for (int s = 0; s < n; s++) {
            List<Tensor> bands = new ArrayList<>();
            for (Span y : rows) {
                List<Tensor> cores = new ArrayList<>();
                for (Span x : columns) {
                    Tensor out = windows.slice(0, i, i + 1);
                    i++;
                    cores.add(out.slice(2, y.coreStart() - y.start(), y.coreEnd() - y.start())
                            .slice(3, x.coreStart() - x.start(), x.coreEnd() - x.start()));
                }
                bands.add(Tensor.concat(cores, 3));
            }
            images.add(Tensor.concat(bands, 2));
        }
        return Tensor.concat(images, 0);
    }

    /** The full-resolution output of {@code model} for {@code images}: cut, the model on the windows, stitched. */
    public Tensor apply(UnaryOperator<Tensor> model, Tensor images) {
        return stitch(model.apply(cut(images)), images.dim(0), images.dim(2), images.dim(3));
    }

    @Override
    public String toString() {
        return "tiles of " + tile + " + " + overlap;
    }
}
