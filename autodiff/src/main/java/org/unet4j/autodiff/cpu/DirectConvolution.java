package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.cpu.ShiftedLayout.Planes;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Image convolutions computed directly on a {@link ShiftedLayout}, with no patch matrix: for few channels the
 * lowering and packing of {@link LoweredConvolution} cost more than the multiply-adds. Two geometries (one group,
 * two spatial axes):
 * <ul>
 * <li><b>stride 1</b>, padding between 0 and the kernel span {@code d (k - 1)} on every side;</li>
 * <li><b>patch</b>: a square kernel equal to the stride {@code s}, no padding, no dilation (the U-Net's strided
 * down- and transposed up-convolutions). This is the 1x1 convolution of the {@code s^2} phase planes
 * {@code x[c, s u + py, s v + px]} of each input channel, phase plane {@code (c, py, px)} meeting weight
 * {@code w[o, c, py, px]}.</li>
 * </ul>
 * Per sample and band of output rows, with {@code j} a (channel, tap) pair of the layout and {@code span = d (k - 1)}
 * per axis:
 * <pre>
 *   forward          y = mix of x's band with w, starting from the bias
 *   backward input   stride 1: the stride-1 convolution of gy, padded by span - padBefore before each axis, with
 *                    the flipped, transposed kernel,
 *                     dx[c, i] = sum_{o, ky, kx} w[o, c, kH-1-ky, kW-1-kx] gy[o, i - span + padBefore + (ky dH, kx dW)]
 *                    patch: the 1x1 mix of gy into the phase planes of dx, dx[c, py, px] = sum_o w[o, c, py, px] gy[o]
 *   backward weight  dw[o, j] = sum_{n, bands, f} gy[o, f] xband[off_j + f]      (gy zero at the unused positions)
 * </pre>
 * ({@link ShiftedProducts#mix} and {@link ShiftedProducts#correlate}). The flipped kernel reverses the flat tap index
 * {@code t = ky kW + kx}, so it reads {@code w[o, c, kH kW - 1 - t]}. Output rows of whole register tiles (and, for
 * the weight gradient, of whole vectors) are mixed into, or read from, the output tensor in place, row by row; others
 * go through a band of rows in scratch, {@link ShiftedLayout#store stored} or {@link ShiftedLayout#load loaded} whole.
 *
 * <p>Parallel work and determinism: the forward and input-gradient passes split over (sample, band), each writing
 * its own rows; the weight gradient over a fixed number of batch slices (never the thread count), each summing its
 * samples and bands in order into its own accumulators, then adding the slices in order. So every result is the
 * same for any number of threads.
 */
final class DirectConvolution {
    /** Positions per band: the band buffers of a few channels stay in the L1 and L2 caches. */
    private static final int POSITIONS_PER_BAND = 2048;
    /** Most batch slices the weight gradient is summed in. */
    private static final int WEIGHT_SLICES = 8;
    private static final int PAIRS = ShiftedProducts.PAIRS;
    private static final int SLOT_BAND = 0;
    private static final int SLOT_OUTPUT = 1;
    private static final int SLOT_SUMS = 2;

    private DirectConvolution() {
    }

    /** True when these kernels handle geometry g: a stride-1 or a patch convolution of images with one group. */
    static boolean applies(Geometry g) {
        return g.axes() == 2 && g.groups() == 1 && (isStrideOne(g) || isPatch(g));
    }

    private static boolean isStrideOne(Geometry g) {
        for (int a = 0; a < 2; a++) {
            int span = g.dilation(a) * (g.kernel(a) - 1);
            int after = g.output(a) - g.input(a) + span - g.padBefore(a);
            if (g.stride(a) != 1 || g.padBefore(a) < 0 || g.padBefore(a) > span || after < 0 || after > span) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPatch(Geometry g) {
        int s = g.kernel(0);
        for (int a = 0; a < 2; a++) {
            if (g.kernel(a) != s || g.stride(a) != s || g.dilation(a) != 1 || g.padBefore(a) != 0
                    || g.output(a) != g.input(a) / s) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many channels the products take at once: three when that divides the count and four does not (3, 6, 12 or
     * 24 channels), else four (with the last block padded by zero weights).
     */
    private static int rows(int channels) {
        return channels % ShiftedProducts.MAX_ROWS != 0 && channels % ShiftedProducts.MIN_ROWS == 0
                ? ShiftedProducts.MIN_ROWS : ShiftedProducts.MAX_ROWS;
    }

    /** Channels rounded up to whole blocks of {@link #rows}. */
    private static int padded(int channels) {
        int rows = rows(channels);
        return (channels + rows - 1) / rows * rows;
    }

    /** The layout that reads x and writes y: the forward pass and the weight gradient. */
    private static ShiftedLayout forwardLayout(ConvolutionLane lane, Geometry g) {
        Planes out = new Planes(g.outChannels(), g.output(0), g.output(1), 1);
        if (isPatch(g)) {
            return new ShiftedLayout(new Planes(g.inChannels(), g.input(0), g.input(1), g.kernel(0)), 0, 0, 1, 1, 1,
                    1, out, POSITIONS_PER_BAND, lane.tile(), PAIRS);
        }
        return new ShiftedLayout(new Planes(g.inChannels(), g.input(0), g.input(1), 1), g.padBefore(0),
                g.padBefore(1), g.kernel(0), g.kernel(1), g.dilation(0), g.dilation(1), out, POSITIONS_PER_BAND,
                lane.tile(), PAIRS);
    }

    /** The layout that reads gy and writes dx: the input gradient. */
    private static ShiftedLayout inputGradientLayout(ConvolutionLane lane, Geometry g) {
        Planes gy = new Planes(g.outChannels(), g.output(0), g.output(1), 1);
        if (isPatch(g)) {
            return new ShiftedLayout(gy, 0, 0, 1, 1, 1, 1,
                    new Planes(g.inChannels(), g.input(0), g.input(1), g.kernel(0)), POSITIONS_PER_BAND, lane.tile(),
                    PAIRS);
        }
        int spanH = g.dilation(0) * (g.kernel(0) - 1);
        int spanW = g.dilation(1) * (g.kernel(1) - 1);
        return new ShiftedLayout(gy, spanH - g.padBefore(0), spanW - g.padBefore(1), g.kernel(0), g.kernel(1),
                g.dilation(0), g.dilation(1), new Planes(g.inChannels(), g.input(0), g.input(1), 1),
                POSITIONS_PER_BAND, lane.tile(), PAIRS);
    }

    /** {@code y = conv(x, w) + bias}. */
    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        ConvolutionLane lane = ConvolutionLane.of(x.dtype());
        ShiftedLayout layout = forwardLayout(lane, g);
        int cout = g.outChannels();
        int pairs = layout.pairs();
        int rows = rows(cout);
        int[] index = new int[padded(cout) * pairs];
        for (int at = 0; at < index.length; at++) {
            int o = (at / (pairs * rows)) * rows + at % rows;
            index[at] = o < cout ? o * pairs + (at / rows) % pairs : -1;
        }
        Object biases = lane.allocate(padded(cout));
        if (bias != null) {
            lane.interleave(bias.storage(), 0, 0, 1, biases, 0, cout);
        }
        Tensor y = CpuBackend.allocate(g.outputShape(), x.dtype());
        mixAll(lane, layout, x.storage(), g.inChannels() * g.inputVolume(), pack(lane, weight, index), biases, cout,
                y.storage(), g.outChannels() * g.outputVolume(), g.batch());
        return y;
    }

    /** {@code dx}: the adjoint of the forward pass applied to {@code gy}. */
    static Tensor backwardInput(Tensor gy, Tensor weight, Geometry g) {
        ConvolutionLane lane = ConvolutionLane.of(gy.dtype());
        ShiftedLayout layout = inputGradientLayout(lane, g);
        boolean patch = isPatch(g);
        int channels = patch ? g.inChannels() * g.kernelVolume() : g.inChannels();
        int taps = g.kernelVolume();
        int pairs = layout.pairs();
        int rows = rows(channels);
        int[] index = new int[padded(channels) * pairs];
        for (int at = 0; at < index.length; at++) {
            int c = (at / (pairs * rows)) * rows + at % rows;
            int j = (at / rows) % pairs;
            if (c >= channels) {
                index[at] = -1;
            } else if (patch) {
                index[at] = j * channels + c;
            } else {
                index[at] = ((j / taps) * channels + c) * taps + taps - 1 - j % taps;
            }
        }
        Tensor dx = CpuBackend.allocate(g.inputShape(), gy.dtype());
        mixAll(lane, layout, gy.storage(), g.outChannels() * g.outputVolume(), pack(lane, weight, index),
                lane.allocate(padded(channels)), channels, dx.storage(), g.inChannels() * g.inputVolume(),
                g.batch());
        return dx;
    }

    /** The weights in the order {@code index} gives, zero where it is negative. */
    private static Object pack(ConvolutionLane lane, Tensor weight, int[] index) {
        Object packed = lane.allocate(index.length);
        lane.gather(weight.storage(), index, packed);
        return packed;
    }

    /**
     * For every sample and band: fills the band of {@code in} (samples {@code inSample} apart), mixes it into
     * {@code channels} logical output rows, block by block of packed weights, and stores them to {@code out}
     * (samples {@code outSample} apart). Output rows as long as whole register tiles are mixed straight into
     * {@code out}, row by row; others into a band of rows in scratch, then stored.
     */
    private static void mixAll(ConvolutionLane lane, ShiftedLayout layout, Object in, int inSample, Object packed,
            Object biases, int channels, Object out, int outSample, int batch) {
        int bands = layout.bands();
        int stride = layout.bandPositions();
        int pairs = layout.pairs();
        int[] offsets = layout.offsets();
        int rows = rows(channels);
        int padded = padded(channels);
        boolean inPlace = layout.rowsInPlace(lane.registerTile()) && padded == channels;
        Parallel.forRange(batch * bands, 1, (from, to) -> {
            Object band = lane.scratch(SLOT_BAND, layout.bandLength());
            Object mixed = inPlace ? null : lane.scratch(SLOT_OUTPUT, padded * stride);
            for (int t = from; t < to; t++) {
                int n = t / bands;
                int b = t % bands;
                layout.fill(lane, in, n * inSample, b, band);
                if (inPlace) {
                    for (int i = 0; i < layout.rows(b); i++) {
                        int at = n * outSample + layout.outputAt(0, layout.firstRow(b) + i);
                        for (int o = 0; o < channels; o += rows) {
                            lane.mix(rows, band, i * layout.width(), offsets, pairs, packed, o * pairs, biases, o, out,
                                    at + o * layout.outputPlane(), layout.outputPlane(), layout.outputWidth());
                        }
                    }
                } else {
                    for (int o = 0; o < padded; o += rows) {
                        lane.mix(rows, band, 0, offsets, pairs, packed, o * pairs, biases, o, mixed, o * stride, stride,
                                layout.positions(b));
                    }
                    layout.store(lane, mixed, stride, channels, b, out, n * outSample);
                }
            }
        });
    }

    /** {@code dw[o, c, ky, kx] = sum_{n, q} gy[n, o, q] x[n, c, i(q, ky, kx)]}. */
    static Tensor backwardWeight(Tensor gy, Tensor x, Geometry g) {
        ConvolutionLane lane = ConvolutionLane.of(gy.dtype());
        ShiftedLayout layout = forwardLayout(lane, g);
        int cout = g.outChannels();
        int pairs = layout.pairs();
        int[] offsets = layout.offsets();
        int rows = rows(cout);
        int padded = padded(cout);
        int jBlocks = offsets.length / PAIRS;
        int lanes = lane.accumulatorLanes();
        int tileSums = rows * PAIRS * lanes;
        int sumsLength = padded / rows * jBlocks * tileSums;
        boolean inPlace = layout.rowsInPlace(lane.tile()) && padded == cout;
        int bands = layout.bands();
        int stride = layout.bandPositions();
        int batch = g.batch();
        int slices = Math.min(batch, WEIGHT_SLICES);
        Object[] partial = new Object[slices];
        Object xs = x.storage();
        Object gys = gy.storage();
        int xSample = g.inChannels() * g.inputVolume();
        int gySample = cout * g.outputVolume();
        Parallel.forRange(slices, 1, (from, to) -> {
            Object band = lane.scratch(SLOT_BAND, layout.bandLength());
            Object grad = inPlace ? null : lane.scratch(SLOT_OUTPUT, padded * stride);
            Object sums = lane.scratch(SLOT_SUMS, sumsLength);
            for (int slice = from; slice < to; slice++) {
                lane.zero(sums, 0, sumsLength);
                int n0 = (int) ((long) batch * slice / slices);
                int n1 = (int) ((long) batch * (slice + 1) / slices);
                for (int n = n0; n < n1; n++) {
                    for (int b = 0; b < bands; b++) {
                        layout.fill(lane, xs, n * xSample, b, band);
                        if (inPlace) {
                            int at = n * gySample + layout.outputAt(0, layout.firstRow(b));
                            correlateAll(lane, rows, cout, jBlocks, gys, at, layout.outputPlane(),
                                    layout.outputWidth(), band, layout.width(), offsets, sums, layout.rows(b),
                                    layout.outputWidth());
                        } else {
                            layout.load(lane, gys, n * gySample, cout, padded - cout, b, grad, stride);
                            correlateAll(lane, rows, padded, jBlocks, grad, 0, stride, 0, band, 0, offsets, sums, 1,
                                    layout.positions(b));
                        }
                    }
                }
                Object p = lane.allocate(cout * pairs);
                for (int o = 0; o < cout; o++) {
                    for (int j = 0; j < pairs; j++) {
                        int at = ((o / rows) * jBlocks + j / PAIRS) * tileSums
                                + ((o % rows) * PAIRS + j % PAIRS) * lanes;
                        lane.set(p, o * pairs + j, lane.sum(sums, at, at + lanes));
                    }
                }
                partial[slice] = p;
            }
        });
        Object sum = partial[0];
        for (int s = 1; s < slices; s++) {
            lane.add(partial[s], 0, sum, 0, cout * pairs);
        }
        return Tensor.fromBackend(g.weightShape(), gy.dtype(), Device.CPU, sum);
    }

    /**
     * Adds one band's products into the accumulators of every (channel block, pair block): {@code channels} rows of
     * g, {@code gStride} apart, each {@code count} runs of {@code length} positions ({@code gRowStride} apart in g,
     * {@code bandRowStride} in the band).
     */
    private static void correlateAll(ConvolutionLane lane, int rows, int channels, int jBlocks, Object g, int gAt,
            int gStride, int gRowStride, Object band, int bandRowStride, int[] offsets, Object sums, int count,
            int length) {
        int tileSums = rows * PAIRS * lane.accumulatorLanes();
        for (int ob = 0; ob < channels / rows; ob++) {
            for (int jb = 0; jb < jBlocks; jb++) {
                lane.correlate(rows, g, gAt + ob * rows * gStride, gStride, gRowStride, band, bandRowStride, offsets,
                        jb * PAIRS, sums, (ob * jBlocks + jb) * tileSums, count, length);
            }
        }
    }
}
