package org.unet4j.autodiff.opencl;

import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Tensor;

/**
 * The fused optimizer updates on an OpenCL device: one {@link ArenaKernel#ADAM} or {@link ArenaKernel#SGD} launch
 * per parameter, in the parameter's type, its buffers in the same arena; only the step's few coefficients cross
 * from the host.
 */
final class OpenClOptimizer implements OptimizerKernels {
    private final OpenClBackend backend;

    OpenClOptimizer(OpenClBackend backend) {
        this.backend = backend;
    }

    @Override
    public void adam(Tensor value, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        backend.program("adam", value, grad, m, v).adam(backend.block(value), backend.block(grad), backend.block(m),
                backend.block(v), new double[] {s.shrink(), s.l2(), s.beta1(), 1 - s.beta1(), s.beta2(),
                    1 - s.beta2(), s.stepSize(), s.secondCorrection(), s.eps()});
    }

    @Override
    public void sgd(Tensor value, Tensor grad, Tensor buffer, SgdStep s) {
        int mode = buffer == null ? 0 : s.nesterov() ? (s.first() ? 4 : 3) : (s.first() ? 1 : 2);
        backend.program("sgd", value, grad, buffer).sgd(mode, backend.block(value), backend.block(grad),
                buffer == null ? null : backend.block(buffer),
                new double[] {s.lr(), s.weightDecay(), s.momentum(), 1 - s.dampening()});
    }
}
