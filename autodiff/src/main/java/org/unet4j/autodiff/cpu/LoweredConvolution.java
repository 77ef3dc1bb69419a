package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Convolutions lowered to matrix products, for every geometry (any number of spatial axes, strides, dilations,
 * groups): each pass lowers a few output rows at a time with {@link Im2col} and hands the product to {@link Gemm}.
 * Per sample {@code n}, group {@code g} and step (a run of output rows, about {@value #COLUMNS_PER_STEP} output
 * positions), with {@code W_g} the group's weights as a {@code Cout/groups x (Cin/groups * kernelVolume)} matrix and
 * {@code X} the step's patch matrix:
 * <pre>
 *   forward          Y[n, g, step]  = W_g X             (+ bias, written first)
 *   backward input   dX             = W_g^T dY[n, g, step],   then col2im adds dX into dx[n, g]
 *   backward weight  dW_g^T        += X dY[n, g, step]^T
 * </pre>
 * A 1x1 kernel with unit stride and no padding needs no lowering: X is the input itself. The weight gradient is
 * summed transposed, as {@code X dY^T}, so that {@link Gemm} packs the wide patch matrix X as its untransposed left
 * operand and transposes only the narrow dY ({@code Cout/groups} rows) while packing; dW is transposed back once at
 * the end. Where the batch has at most {@code Cout/groups} output positions (large channel counts at small sizes),
 * that transpose of the whole weight would cost more than transposing X while packing, so dW is summed as
 * {@code dY X^T} in place: the same products in the same order of k, hence the same values.
 *
 * <p>Parallel work and determinism: the forward pass splits over (sample, group, step), each writing its own block
 * of y; the input gradient over (sample, group), each owning its block of dx; the weight gradient over a fixed
 * number of batch slices (never the thread count) times groups, each slice summing its samples in order into its
 * own buffer, and the slices are then added in order and transposed into dW. So every result is the same for any
 * number of threads.
 */
final class LoweredConvolution {
    /** Output positions lowered per step: the patch matrix of a step has about this many columns. */
    private static final int COLUMNS_PER_STEP = 512;
    /** Most batch slices the weight gradient is summed in, each with a weight-sized buffer. */
    private static final int WEIGHT_SLICES = 8;
    /** Elements of dW per task of its final transpose. */
    private static final int TRANSPOSE_GRAIN = 1 << 14;

    private LoweredConvolution() {
    }

    /** How the output rows of a geometry are cut into steps. */
    private record Steps(int rowsPerStep, int count, int totalRows, int width) {
        static Steps of(Geometry g) {
            int width = g.output(g.axes() - 1);
            int totalRows = g.outputVolume() / width;
            int rowsPerStep = Math.min(totalRows, Math.max(1, (COLUMNS_PER_STEP + width - 1) / width));
            return new Steps(rowsPerStep, (totalRows + rowsPerStep - 1) / rowsPerStep, totalRows, width);
        }

        int firstRow(int step) {
            return step * rowsPerStep;
        }

        int rows(int step) {
            return Math.min(rowsPerStep, totalRows - firstRow(step));
        }
    }

    /** True when the patch matrix is the input itself: every kernel size 1, stride 1, no padding. */
    private static boolean isPointwise(Geometry g) {
        for (int a = 0; a < g.axes(); a++) {
            if (g.kernel(a) != 1 || g.stride(a) != 1 || g.padBefore(a) != 0 || g.output(a) != g.input(a)) {
                return false;
            }
        }
        return true;
    }

    /** {@code y = conv(x, w) + bias}. */
    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        ConvolutionLane lane = ConvolutionLane.of(x.dtype());
        Tensor y = CpuBackend.allocate(g.outputShape(), x.dtype());
        Steps steps = Steps.of(g);
        Object xs = x.storage();
        Object ws = weight.storage();
        Object bs = bias == null ? null : bias.storage();
        Object ys = y.storage();
        int groups = g.groups();
        Parallel.forRange(g.batch() * groups * steps.count(), 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int step = t % steps.count();
                int group = (t / steps.count()) % groups;
                int n = t / (steps.count() * groups);
                forwardStep(lane, g, steps, xs, ws, bs, ys, n, group, step);
            }
        });
        return y;
    }

    /**
     * One step of one sample and group: the group's channel counts, the patch length {@code cinG * kernelVolume},
     * the step's first output row and row count, its {@code cols} output positions, and where its input channels
     * ({@code inOff}) and its first output position ({@code outOff}) start.
     */
    private record Tile(int coutG, int cinG, int patch, int firstRow, int rows, int cols, int inOff, int outOff) {
        static Tile of(Geometry g, Steps steps, int n, int group, int step) {
            int coutG = g.outChannelsPerGroup();
            int cinG = g.inChannelsPerGroup();
            int rows = steps.rows(step);
            int firstRow = steps.firstRow(step);
            return new Tile(coutG, cinG, cinG * g.kernelVolume(), firstRow, rows, rows * steps.width(),
                    (n * g.inChannels() + group * cinG) * g.inputVolume(),
                    (n * g.outChannels() + group * coutG) * g.outputVolume() + firstRow * steps.width());
        }

        /** The offset of the step's first column in the input, when the input is its own patch matrix. */
        int inColumn(Steps steps) {
            return inOff + firstRow * steps.width();
        }

        /** The step's patch matrix X: the input itself for a pointwise kernel, else its lowering in scratch. */
        Matrix patches(ConvolutionLane lane, Geometry g, Object x, Steps steps) {
            if (isPointwise(g)) {
                return new Matrix(x, inColumn(steps), g.inputVolume());
            }
            Object col = lane.scratch(patch * cols);
            new Im2col(g, firstRow, rows).gather(lane, x, inOff, col);
            return new Matrix(col, 0, cols);
        }
    }

    /** A GEMM operand: an array, the offset of its first element and its leading dimension. */
    private record Matrix(Object array, int offset, int ld) {
    }

    private static void forwardStep(ConvolutionLane lane, Geometry g, Steps steps, Object x, Object w, Object bias,
            Object y, int n, int group, int step) {
        Tile t = Tile.of(g, steps, n, group, step);
        Matrix b = t.patches(lane, g, x, steps);
        if (bias != null) {
            lane.fillRows(bias, group * t.coutG(), t.coutG(), y, t.outOff(), g.outputVolume(), t.cols());
        }
        lane.gemm(false, false, t.coutG(), t.cols(), t.patch(), w, group * t.coutG() * t.patch(), t.patch(),
                b.array(), b.offset(), b.ld(), y, t.outOff(), g.outputVolume(), bias != null);
    }

    /** {@code dx}: the transposed convolution of {@code gradOut}. */
    static Tensor backwardInput(Tensor gradOut, Tensor weight, Geometry g) {
        ConvolutionLane lane = ConvolutionLane.of(gradOut.dtype());
        Tensor dx = CpuBackend.allocate(g.inputShape(), gradOut.dtype());
        Steps steps = Steps.of(g);
        Object gy = gradOut.storage();
        Object w = weight.storage();
        Object dxs = dx.storage();
        int groups = g.groups();
        Parallel.forRange(g.batch() * groups, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                for (int step = 0; step < steps.count(); step++) {
                    backwardInputStep(lane, g, steps, gy, w, dxs, t / groups, t % groups, step);
                }
            }
        });
        return dx;
    }

    private static void backwardInputStep(ConvolutionLane lane, Geometry g, Steps steps, Object gy, Object w,
            Object dx, int n, int group, int step) {
        Tile t = Tile.of(g, steps, n, group, step);
        int wOff = group * t.coutG() * t.patch();
        if (isPointwise(g)) {
            lane.gemm(true, false, t.patch(), t.cols(), t.coutG(), w, wOff, t.patch(), gy, t.outOff(),
                    g.outputVolume(), dx, t.inColumn(steps), g.inputVolume(), false);
            return;
        }
        Object dcol = lane.scratch(t.patch() * t.cols());
        lane.gemm(true, false, t.patch(), t.cols(), t.coutG(), w, wOff, t.patch(), gy, t.outOff(), g.outputVolume(),
                dcol, 0, t.cols(), false);
        new Im2col(g, t.firstRow(), t.rows()).scatterAdd(lane, dcol, dx, t.inOff());
    }

    /** {@code dw}, summed over the batch. */
    static Tensor backwardWeight(Tensor gradOut, Tensor x, Geometry g) {
        ConvolutionLane lane = ConvolutionLane.of(gradOut.dtype());
        Shape shape = g.weightShape();
        int size = shape.size();
        Tensor dw = CpuBackend.allocate(shape, gradOut.dtype());
        int coutG = g.outChannelsPerGroup();
        boolean inPlace = (long) g.batch() * g.outputVolume() <= coutG;
        int slices = Math.min(g.batch(), WEIGHT_SLICES);
        Object[] partial = new Object[slices];
        for (int s = 0; s < slices; s++) {
            partial[s] = inPlace && s == 0 ? dw.storage() : lane.allocate(size);
        }
        Steps steps = Steps.of(g);
        Object gy = gradOut.storage();
        Object xs = x.storage();
        int groups = g.groups();
        Parallel.forRange(slices * groups, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int slice = t / groups;
                int group = t % groups;
                int n0 = (int) ((long) g.batch() * slice / slices);
                int n1 = (int) ((long) g.batch() * (slice + 1) / slices);
                for (int n = n0; n < n1; n++) {
                    for (int step = 0; step < steps.count(); step++) {
                        boolean first = n == n0 && step == 0;
                        backwardWeightStep(lane, g, steps, gy, xs, partial[slice], n, group, step, !first, inPlace);
                    }
                }
            }
        });
        Object sum = partial[0];
        if (slices > 1) {
            Parallel.forRange(size, 1 << 14, (from, to) -> {
                for (int s = 1; s < slices; s++) {
                    lane.add(partial[s], from, sum, from, to - from);
                }
            });
        }
        if (inPlace) {
            return dw;
        }
        int patch = size / g.outChannels();
        Object dws = dw.storage();
        Parallel.forRange(groups * patch, Math.max(1, TRANSPOSE_GRAIN / coutG), (from, to) -> {
            for (int t = from; t < to;) {
                int group = t / patch;
                int row = t % patch;
                int rows = Math.min(patch - row, to - t);
                int at = group * coutG * patch;
                lane.transpose(sum, at, patch, coutG, dws, at, row, row + rows);
                t += rows;
            }
        });
        return dw;
    }

    /**
     * Adds one step's {@code dW_g^T = X dY^T} into {@code dwT}, whose group block is the {@code patch x Cout/groups}
     * transpose of the group's weights, or with {@code inPlace} its {@code dW_g = dY X^T} into the group's weights'
     * layout (overwriting instead when {@code accumulate} is false).
     */
    private static void backwardWeightStep(ConvolutionLane lane, Geometry g, Steps steps, Object gy, Object x,
            Object dwT, int n, int group, int step, boolean accumulate, boolean inPlace) {
        Tile t = Tile.of(g, steps, n, group, step);
        Matrix a = t.patches(lane, g, x, steps);
        int at = group * t.coutG() * t.patch();
        if (inPlace) {
            lane.gemm(false, true, t.coutG(), t.patch(), t.cols(), gy, t.outOff(), g.outputVolume(), a.array(),
                    a.offset(), a.ld(), dwT, at, t.patch(), accumulate);
        } else {
            lane.gemm(false, true, t.patch(), t.coutG(), t.cols(), a.array(), a.offset(), a.ld(), gy, t.outOff(),
                    g.outputVolume(), dwT, at, t.coutG(), accumulate);
        }
    }
}
