package org.unet4j.layers.equivariance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;

/**
 * Tile-and-stitch inference of a valid-padding network: the output of a large image is assembled from output tiles
 * of side T, each computed from one valid input tile, so that the memory of a forward pass is bounded by one tile.
 *
 * <p>Per axis, with the geometry's valid sizes s_in(b) = f^L b + s_in(0) and outputs s_out(b), the input tile is
 * s_in(b) for the smallest b with s_out(b) &gt;= T, and the whole image must itself be valid, S = s_in(B), with
 * output O = s_out(B). Output tile k covers [kT, min(kT + T, O)); it is cut from the network's output on the input
 * window starting at t_k = min(kT, O - s_out(b)) (input and output coordinates differ by the same constant for every
 * window). Since O - s_out(b) = f^L (B - b), every t_k lies in f^L Z when T does, and by the periodic-f^L shift
 * equivariance of U-Nets (Rumberger et al., ICCV 2021, Corollary 1) each tile then equals the corresponding part of
 * the whole-image output: the stitched output is exactly the whole-image output (Corollary 4). With T not a multiple
 * of f^L some tiles start off the lattice and the stitched output can differ; the tiler allows it but logs a
 * warning, also returned by {@link #warning()}. With SAME (zero) padding no tile size gives this guarantee. A 1-D
 * network (geometry with d = 1) is tiled along its one axis, [N, C, W] in and out.
 *
 * <pre>{@code
 * Tiler tiler = Tiler.of(unet);                // T = the default multiple of f^L
 * Tensor out  = tiler.apply(image);            // equals unet.forward(image), one tile in memory at a time
 * }</pre>
 */
public final class Tiler {
    /** The output side the default tile reaches at least, rounded up to a multiple of f^L. */
    public static final int DEFAULT_MIN_OUTPUT_TILE = 64;
    private static final System.Logger LOG = System.getLogger(Tiler.class.getName());

    private final UnaryOperator<Tensor> network;
    private final UNetGeometry geometry;
    private final int outputTile;
    private final int bottom;
    private final String warning;

    private Tiler(UnaryOperator<Tensor> network, UNetGeometry geometry, int outputTile) {
        if (outputTile < 1) {
            throw new IllegalArgumentException("the output tile must be >= 1 pixel, got " + outputTile);
        }
        this.network = network;
        this.geometry = geometry;
        this.outputTile = outputTile;
        int b = 1;
        while (geometry.outputSize(geometry.inputSize(b)).orElse(0) < outputTile) {
            b++;
        }
        this.bottom = b;
        int period = geometry.period();
        this.warning = outputTile % period == 0 ? null : "output tile " + outputTile + " is not a multiple of f^L = "
                + period + ": tiles start off the period lattice and the stitched output can differ from the"
                + " whole-image output (Rumberger et al. 2021, Corollary 4); use a multiple such as "
                + Math.max(period, outputTile / period * period);
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }

    /** A tiler for {@code net} with the default output tile, the smallest multiple of f^L of at least 64. */
    public static Tiler of(UNet net) {
        return of(net, defaultOutputTile(net.geometry()));
    }

    /** A tiler for {@code net} with output tiles of side {@code outputTile} (warns unless a multiple of f^L). */
    public static Tiler of(UNet net, int outputTile) {
        return of(net::forward, net.geometry(), outputTile);
    }

    /**
     * A tiler for any network mapping [N, C, H, W] to [N, C', H', W'] (or [N, C, W] to [N, C', W'] when the geometry
     * is 1-D) under {@code geometry}'s size rules, with output tiles of side {@code outputTile} (warns unless a
     * multiple of the geometry's period f^L).
     */
    public static Tiler of(UnaryOperator<Tensor> network, UNetGeometry geometry, int outputTile) {
        return new Tiler(network, geometry, outputTile);
    }

    /** The smallest multiple of the geometry's period f^L that is at least {@value #DEFAULT_MIN_OUTPUT_TILE}. */
    public static int defaultOutputTile(UNetGeometry geometry) {
        int p = geometry.period();
        return (DEFAULT_MIN_OUTPUT_TILE + p - 1) / p * p;
    }

    /** The side T of the output tiles. */
    public int outputTile() {
        return outputTile;
    }

    /** The side s_in(b) of the input windows the network sees. */
    public int inputTile() {
        return geometry.inputSize(bottom);
    }

    /** Why the stitched output may differ from the whole-image output, or empty when T is a multiple of f^L. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /**
     * The network's output on {@code image} [N, C, H, W] (or [N, C, W]), assembled tile by tile without gradients.
     * Fails before any work when a spatial size is not a valid input size (the message names the nearest valid
     * sizes) or is smaller than one input tile.
     */
    public Tensor apply(Tensor image) {
        geometry.requireValid(image.shape());
        boolean oneD = geometry.spatialDims() == 1;
        Tensor planar = oneD ? image.unsqueeze(2) : image;
        int window = inputTile();
        int windowOut = geometry.outputSize(window).getAsInt();
        List<Span> rows = oneD ? List.of(new Span(0, 1, 0)) : spans(planar.dim(2), window, windowOut, "height");
        List<Span> cols = spans(planar.dim(3), window, windowOut, "width");
        int windowH = oneD ? 1 : window;
        int windowOutH = oneD ? 1 : windowOut;
        int outH = rows.get(rows.size() - 1).end();
        int outW = cols.get(cols.size() - 1).end();
        int n = image.dim(0);
        double[] result = null;
        int channels = 0;
        try (NoGrad scope = Autograd.noGrad()) {
            for (Span r : rows) {
                for (Span c : cols) {
                    Tensor input = planar.crop(new int[] {0, 0, r.windowStart(), c.windowStart()},
                            new int[] {n, image.dim(1), windowH, window});
                    Tensor out = network.apply(oneD ? input.squeeze(2) : input);
                    Shape expected = oneD ? Shape.of(n, out.dim(1), windowOut)
                            : Shape.of(n, out.dim(1), windowOut, windowOut);
                    if (!out.shape().equals(expected)) {
                        throw new IllegalStateException("the network mapped a " + (oneD ? "" : window + " x ")
                                + window + " window to " + out.shape() + " but its geometry " + geometry + " says "
                                + expected);
                    }
                    if (result == null) {
                        channels = out.dim(1);
                        result = new double[n * channels * outH * outW];
                    }
                    paste(out.toDoubleArray(), windowOutH, windowOut, r, c, result, n * channels, outH, outW);
                }
            }
        }
        Tensor stitched = Tensor.wrap(result, n, channels, outH, outW).to(image.dtype());
        return oneD ? stitched.squeeze(2) : stitched;
    }

    private static void paste(double[] tile, int tileH, int tileW, Span r, Span c, double[] result, int planes,
            int outH, int outW) {
        for (int p = 0; p < planes; p++) {
            for (int y = r.start(); y < r.end(); y++) {
                int from = (p * tileH + y - r.windowStart()) * tileW + c.start() - c.windowStart();
                System.arraycopy(tile, from, result, (p * outH + y) * outW + c.start(), c.end() - c.start());
            }
        }
    }

    /** The output tiles [start, end) along one axis and the input (= output) offset of the window computing each. */
    private List<Span> spans(int size, int window, int windowOut, String axis) {
        if (size < window) {
            throw new IllegalArgumentException("the image " + axis + " " + size + " is smaller than one input tile ("
                    + window + " for output tiles of " + outputTile + "); run the network on the whole image or"
                    + " choose a smaller output tile");
        }
        int out = geometry.outputSize(size).getAsInt();
        List<Span> spans = new ArrayList<>();
        for (int start = 0; start < out; start += outputTile) {
            spans.add(new Span(start, Math.min(start + outputTile, out), Math.min(start, out - windowOut)));
        }
        return spans;
    }

    /** Output pixels [start, end) along one axis, computed by the window whose output begins at windowStart. */
    private record Span(int start, int end, int windowStart) {
    }

    @Override
    public String toString() {
        return "Tiler[output tile " + outputTile + ", input tile " + inputTile() + ", " + geometry + "]";
    }
}
