package org.unet4j.layers.equivariance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;

/**
 * Tiled inference of a U-Net on a large image or volume, one window in memory at a time, in two forms.
 *
 * <p><b>Tile-and-stitch</b> ({@link #of}), exact for valid-padding networks. Per axis, with the geometry's valid sizes
 * s_in(b) = P b + s_in(0) and outputs s_out(b), the input window is s_in(b) for the smallest b with
 * s_out(b) &gt;= T, and the whole input must itself be valid, S = s_in(B), with output O = s_out(B). Output tile k
 * covers [kT, min(kT + T, O)); it is cut from the network's output on the input window starting at
 * t_k = min(kT, O - s_out(b)) (input and output coordinates differ by the same constant for every window). Since
 * O - s_out(b) = P (B - b), every t_k lies in P Z when T does, and by the periodic-P shift equivariance of U-Nets
 * (Rumberger et al., ICCV 2021, Corollary 1) each tile then equals the corresponding part of the whole output: the
 * stitched output is exactly the whole output (Corollary 4). With T not a multiple of P some tiles start off the
 * lattice and the stitched output can differ; the tiler allows it but logs a warning, also returned by
 * {@link #warning()}.
 *
 * <p><b>Overlapping windows</b> ({@link #overlapping}) for size-preserving (SAME) networks, where zero padding at a
 * window's border changes the outputs near it. Windows of side W step by T = W - 2m; each keeps only its core
 * [kT, kT + T), at least m away from every window border that is not the image's own border, from the window
 * starting at clamp(kT - m, 0, S - W); an axis no longer than W is one window. With W, m multiples of P, every window starts on the period lattice, so when m
 * is at least the network's receptive-field radius and its normalisation acts per position (none, or batch norm in
 * evaluation mode) the kept cores are exactly the whole output; with a smaller margin they are an approximation
 * whose seams shrink as m grows.
 *
 * <p>Both work along every axis of a 1-, 2- or 3-D network ([N, C, W], [N, C, H, W], [N, C, D, H, W]); with
 * per-axis factors each axis has its own period P_a ({@link UNetGeometry#forAxis}).
 *
 * <pre>{@code
 * Tensor out = Tiler.of(unet).apply(image);                        // VALID net: equals unet.forward(image)
 * Tensor seg = Tiler.overlapping(sameNet, 32, 8).apply(volume);    // SAME net: 32^3 windows, cores of 16^3
 * }</pre>
 */
public final class Tiler {
    /** The output side the default tile reaches at least, rounded up to a multiple of the period. */
    public static final int DEFAULT_MIN_OUTPUT_TILE = 64;
    private static final System.Logger LOG = System.getLogger(Tiler.class.getName());

    private final UnaryOperator<Tensor> network;
    private final UNetGeometry geometry;
    private final int outputTile;
    private final int margin;
    private final boolean overlapping;
    private final String warning;

    private Tiler(UnaryOperator<Tensor> network, UNetGeometry geometry, int outputTile, int margin,
            boolean overlapping) {
        if (outputTile < 1) {
            throw new IllegalArgumentException("the output tile must be >= 1 pixel, got " + outputTile);
        }
        this.network = network;
        this.geometry = geometry;
        this.outputTile = outputTile;
        this.margin = margin;
        this.overlapping = overlapping;
        List<String> off = new ArrayList<>();
        for (int a = 0; a < geometry.spatialDims(); a++) {
            int period = geometry.forAxis(a).period();
            if (outputTile % period != 0 || margin % period != 0) {
                off.add(period + " along axis " + a);
            }
        }
        this.warning = off.isEmpty() ? null : (overlapping ? "window " + window(0) + " or margin " + margin
                : "output tile " + outputTile) + " is not a multiple of the period (" + String.join(", ", off)
                + "): windows start off the period lattice and the stitched output can differ from the whole output"
                + " (Rumberger et al. 2021, Corollary 4)";
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }

    /** A tiler for {@code net} with the default output tile, the smallest multiple of every period of at least 64. */
    public static Tiler of(UNet net) {
        return of(net, defaultOutputTile(net.geometry()));
    }

    /** A tiler for {@code net} with output tiles of side {@code outputTile} (warns unless a multiple of the period). */
    public static Tiler of(UNet net, int outputTile) {
        return of(net::forward, net.geometry(), outputTile);
    }

    /**
     * A tile-and-stitch tiler for any network mapping [N, C, spatial...] to [N, C', spatial'...] under
     * {@code geometry}'s size rules, with output tiles of side {@code outputTile} along every axis (warns unless a
     * multiple of each axis's period).
     */
    public static Tiler of(UnaryOperator<Tensor> network, UNetGeometry geometry, int outputTile) {
        return new Tiler(network, geometry, outputTile, 0, false);
    }

    /**
     * An overlapping-window tiler for the size-preserving network {@code net}: windows of side {@code window} along
     * every axis, each keeping its core {@code window - 2 margin} (see the class comment for when this is exact).
     */
    public static Tiler overlapping(UNet net, int window, int margin) {
        return overlapping(net::forward, net.geometry(), window, margin);
    }

    /** {@link #overlapping(UNet, int, int)} for any size-preserving network under {@code geometry}'s size rules. */
    public static Tiler overlapping(UnaryOperator<Tensor> network, UNetGeometry geometry, int window, int margin) {
        if (margin < 0 || window - 2 * margin < 1) {
            throw new IllegalArgumentException("overlapping windows need a margin >= 0 and a core window - 2 margin >= "
                    + "1, got window " + window + " and margin " + margin);
        }
        for (int a = 0; a < geometry.spatialDims(); a++) {
            UNetGeometry axis = geometry.forAxis(a);
            if (!axis.isValidInputSize(window) || axis.outputSize(window).getAsInt() != window) {
                throw new IllegalArgumentException("overlapping windows need a size-preserving (SAME) network and a "
                        + "valid window: window " + window + " along axis " + a + " gives " + axis.outputSize(window)
                        + " (valid windows: " + axis.rule() + ")");
            }
        }
        return new Tiler(network, geometry, window - 2 * margin, margin, true);
    }

    /** The smallest multiple of every axis's period that is at least {@value #DEFAULT_MIN_OUTPUT_TILE}. */
    public static int defaultOutputTile(UNetGeometry geometry) {
        int p = 1;
        for (int a = 0; a < geometry.spatialDims(); a++) {
            p = lcm(p, geometry.forAxis(a).period());
        }
        return (DEFAULT_MIN_OUTPUT_TILE + p - 1) / p * p;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /** The side T of the output tiles (the kept cores of overlapping windows). */
    public int outputTile() {
        return outputTile;
    }

    /** The margin m each overlapping window discards at inner borders (0 for tile-and-stitch). */
    public int margin() {
        return margin;
    }

    /** The side of the input windows the network sees along the first axis. */
    public int inputTile() {
        return window(0);
    }

    private int window(int axis) {
        if (overlapping) {
            return outputTile + 2 * margin;
        }
        UNetGeometry g = geometry.forAxis(axis);
        int b = 1;
        while (g.outputSize(g.inputSize(b)).orElse(0) < outputTile) {
            b++;
        }
        return g.inputSize(b);
    }

    /** Why the stitched output may differ from the whole output, or empty when the windows lie on the lattice. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /**
     * The network's output on {@code image} [N, C, spatial...], assembled window by window without gradients. Fails
     * before any work when a spatial size is not a valid input size (the message names the nearest valid sizes) or
     * is smaller than one window.
     */
    public Tensor apply(Tensor image) {
        geometry.requireValid(image.shape());
        int d = geometry.spatialDims();
        String[] names = SpatialLayers.of(d).axisNames();
        List<List<Span>> spans = new ArrayList<>();
        int[] windowIn = new int[d];
        int[] windowOut = new int[d];
        int[] outSize = new int[d];
        for (int a = 0; a < d; a++) {
            UNetGeometry g = geometry.forAxis(a);
            int size = image.dim(2 + a);
            windowIn[a] = overlapping ? Math.min(window(a), size) : window(a);
            windowOut[a] = g.outputSize(windowIn[a]).getAsInt();
            spans.add(spans(image.dim(2 + a), windowIn[a], windowOut[a], g, names[a]));
            outSize[a] = g.outputSize(image.dim(2 + a)).getAsInt();
        }
        int n = image.dim(0);
        double[] result = null;
        int channels = 0;
        try (NoGrad scope = Autograd.noGrad()) {
            for (Span[] window : product(spans)) {
                int[] start = new int[d + 2];
                int[] sizes = new int[d + 2];
                sizes[0] = n;
                sizes[1] = image.dim(1);
                for (int a = 0; a < d; a++) {
                    start[2 + a] = window[a].windowStart();
                    sizes[2 + a] = windowIn[a];
                }
                Tensor out = network.apply(image.crop(start, sizes));
                int[] expected = new int[d + 2];
                expected[0] = n;
                expected[1] = out.dim(1);
                System.arraycopy(windowOut, 0, expected, 2, d);
                if (!out.shape().equals(Shape.of(expected))) {
                    throw new IllegalStateException("the network mapped a window " + Arrays.toString(windowIn)
                            + " to " + out.shape() + " but its geometry " + geometry + " says " + Shape.of(expected));
                }
                if (result == null) {
                    channels = out.dim(1);
                    result = new double[n * channels * Arrays.stream(outSize).reduce(1, (x, y) -> x * y)];
                }
                paste(out.toDoubleArray(), windowOut, window, result, n * channels, outSize);
            }
        }
        int[] dims = new int[d + 2];
        dims[0] = n;
        dims[1] = channels;
        System.arraycopy(outSize, 0, dims, 2, d);
        return Tensor.wrap(result, dims).to(image.dtype());
    }

    /** Every combination of one span per axis, the last axis fastest. */
    private static List<Span[]> product(List<List<Span>> spans) {
        List<Span[]> out = new ArrayList<>();
        out.add(new Span[0]);
        for (List<Span> axis : spans) {
            List<Span[]> next = new ArrayList<>();
            for (Span[] prefix : out) {
                for (Span s : axis) {
                    Span[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                    longer[prefix.length] = s;
                    next.add(longer);
                }
            }
            out = next;
        }
        return out;
    }

    /** Copies each window's kept part [start, end) per axis into the result, row by row along the last axis. */
    private static void paste(double[] tile, int[] tileSize, Span[] spans, double[] result, int planes,
            int[] outSize) {
        int d = tileSize.length;
        int[] kept = new int[d - 1];
        int rows = 1;
        for (int a = 0; a < d - 1; a++) {
            kept[a] = spans[a].end() - spans[a].start();
            rows *= kept[a];
        }
        Span last = spans[d - 1];
        int length = last.end() - last.start();
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < rows; r++) {
                long from = p;
                long to = p;
                int rest = r;
                int[] index = new int[d - 1];
                for (int a = d - 2; a >= 0; a--) {
                    index[a] = rest % kept[a];
                    rest /= kept[a];
                }
                for (int a = 0; a < d - 1; a++) {
                    int y = spans[a].start() + index[a];
                    from = from * tileSize[a] + y - spans[a].windowStart();
                    to = to * outSize[a] + y;
                }
                from = from * tileSize[d - 1] + last.start() - last.windowStart();
                to = to * outSize[d - 1] + last.start();
                System.arraycopy(tile, (int) from, result, (int) to, length);
            }
        }
    }

    /** The output tiles [start, end) along one axis and the input (= output) offset of the window computing each. */
    private List<Span> spans(int size, int windowIn, int windowOut, UNetGeometry g, String axis) {
        if (size < windowIn) {
            throw new IllegalArgumentException("the image " + axis + " " + size + " is smaller than one input tile ("
                    + windowIn + " for output tiles of " + outputTile + "); run the network on the whole image or"
                    + " choose a smaller tile");
        }
        int out = g.outputSize(size).getAsInt();
        List<Span> spans = new ArrayList<>();
        if (overlapping && size == windowIn) {
            return List.of(new Span(0, out, 0));
        }
        for (int start = 0; start < out; start += outputTile) {
            int windowStart = overlapping ? Math.max(0, Math.min(start - margin, out - windowOut))
                    : Math.min(start, out - windowOut);
            spans.add(new Span(start, Math.min(start + outputTile, out), windowStart));
        }
        return spans;
    }

    /** Output pixels [start, end) along one axis, computed by the window whose output begins at windowStart. */
    private record Span(int start, int end, int windowStart) {
    }

    @Override
    public String toString() {
        return "Tiler[" + (overlapping ? "overlapping windows " + inputTile() + ", margin " + margin + ", cores "
                : "output tile ") + outputTile + ", input tile " + inputTile() + ", " + geometry + "]";
    }
}
