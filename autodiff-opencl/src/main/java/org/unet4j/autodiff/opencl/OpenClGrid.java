package org.unet4j.autodiff.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.GridKernels;
import org.unet4j.autodiff.Tensor;

/**
 * The grid CG primitives on an OpenCL device: the matrix-vector product is one {@link ArenaKernel#GRID_APPLY}
 * launch, the update one {@link ArenaKernel#AXPY} launch with the per-system coefficients, and each segmented sum one
 * {@link ArenaKernel#DOT} launch whose few per-work-group partial sums are all that reach the host.
 */
final class OpenClGrid implements GridKernels {
    private final OpenClBackend backend;

    OpenClGrid(OpenClBackend backend) {
        this.backend = backend;
    }

    @Override
    public void apply(Tensor x, List<Tensor> weights, Tensor out) {
        int rank = weights.size();
        int[] dims = x.dims();
        int[] sizes = Arrays.copyOfRange(dims, dims.length - rank, dims.length);
        int[] weightOffsets = new int[rank];
        for (int k = 0; k < rank; k++) {
            weightOffsets[k] = backend.block(weights.get(k)).offset;
        }
        List<Tensor> operands = new ArrayList<>(weights);
        operands.add(x);
        operands.add(out);
        backend.program("grid apply", operands.toArray(new Tensor[0]))
                .gridApply(sizes, weightOffsets, backend.block(x), backend.block(out));
    }

    @Override
    public void axpy(Tensor x, double[] alphas, Tensor y, Tensor out) {
        backend.program("axpy", x, y, out).axpy(backend.block(x), alphas, backend.block(y), backend.block(out));
    }

    @Override
    public double[] dots(Tensor x, Tensor y, int segment) {
        return backend.program("segment dots", x, y).segmentSums(backend.block(x), backend.block(y), segment);
    }

    @Override
    public double[] absoluteSums(Tensor x, int segment) {
        return backend.program("segment 1-norms", x).segmentSums(backend.block(x), null, segment);
    }
}
