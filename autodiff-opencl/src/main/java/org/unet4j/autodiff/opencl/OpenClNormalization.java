package org.unet4j.autodiff.opencl;

import java.lang.ref.Reference;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Batch, instance and group normalisation on an OpenCL device, in the tensors' type (float32, or float64 where the
 * device reports fp64), split like the CPU backend but with nothing crossing to the host: the input is read as planes
 * {@code p = n C + c} of S elements; the device computes two compensated sums per plane
 * ({@link ArenaKernel#PLANE_SUMS}), combines them per group in plane order ({@link ArenaKernel#GROUP_MOMENTS},
 * {@link ArenaKernel#NORM_AFFINE_GRADIENTS}), turns statistics, gamma and beta into the per-plane coefficients of an
 * affine map ({@link ArenaKernel#NORM_FORWARD_TERMS}, {@link ArenaKernel#NORM_BACKWARD_TERMS}) and applies that map to
 * every element ({@link ArenaKernel#PLANE_AFFINE}). Moments are shifted by each group's first element, as on the CPU;
 * statistics, gradients of gamma and beta and the running statistics are vectors of the device in x's type. A
 * per-channel vector of the other type (mixed float32 and float64 operands) is converted first, through the host.
 */
final class OpenClNormalization implements NormalizationKernels {
    private final OpenClBackend backend;

    OpenClNormalization(OpenClBackend backend) {
        this.backend = backend;
    }

    /** t in {@code dtype}, converted when it has another type; null stays null. */
    private static Tensor typed(Tensor t, DType dtype) {
        return t == null || t.dtype() == dtype ? t : t.to(dtype);
    }

    /** The grouping of x's planes as the kernels read it from {@code meta} (see {@link ArenaKernel#NORM_SIZE}). */
    private int[] geometry(Tensor x, Grouping grouping, Tensor gamma, Tensor beta) {
        int channels = x.dim(1);
        int[] geometry = new int[ArenaKernel.NORM_GEOMETRY];
        geometry[ArenaKernel.NORM_SIZE] = x.shape().product(2, x.rank());
        geometry[ArenaKernel.NORM_CHANNELS] = channels;
        geometry[ArenaKernel.NORM_PER_GROUP] = grouping.acrossBatch() ? 1 : channels / grouping.groups();
        geometry[ArenaKernel.NORM_GROUPS] = grouping.acrossBatch() ? 0 : grouping.groups();
        geometry[ArenaKernel.NORM_BATCH] = x.dim(0);
        geometry[ArenaKernel.NORM_GAMMA] = gamma == null ? -1 : backend.block(gamma).offset;
        geometry[ArenaKernel.NORM_BETA] = beta == null ? -1 : backend.block(beta).offset;
        return geometry;
    }

    private Tensor vector(int length, DType dtype) {
        return backend.allocate(Shape.of(length), dtype);
    }

    private int offset(Tensor t) {
        return backend.block(t).offset;
    }

    @Override
    public Moments moments(Tensor x, Grouping grouping) {
        DeviceProgram program = backend.program("normalisation moments", x);
        int[] geometry = geometry(x, grouping, null, null);
        int planes = x.dim(0) * x.dim(1);
        int groups = grouping.count(x.shape());
        Tensor sums = vector(3 * planes, x.dtype());
        Tensor mean = vector(groups, x.dtype());
        Tensor variance = vector(groups, x.dtype());
        program.normalization(ArenaKernel.PLANE_SUMS, "normalisation sums", planes, geometry, 0, 0, 0, offset(sums),
                offset(x), offset(x), 0);
        program.normalization(ArenaKernel.GROUP_MOMENTS, "normalisation moments", groups, geometry, 0,
                grouping.elements(x.shape()), 0, offset(mean), offset(sums), offset(variance), 0);
        OpenClBackend.release(sums);
        return new Moments(mean, variance);
    }

    @Override
    public Tensor normalize(Tensor x, Grouping grouping, Moments statistics, double eps, Tensor gamma, Tensor beta) {
        DeviceProgram program = backend.program("normalize", x);
        Tensor mean = typed(statistics.mean(), x.dtype());
        Tensor variance = typed(statistics.variance(), x.dtype());
        Tensor gammaTyped = typed(gamma, x.dtype());
        Tensor betaTyped = typed(beta, x.dtype());
        int[] geometry = geometry(x, grouping, gammaTyped, betaTyped);
        int planes = x.dim(0) * x.dim(1);
        Tensor coefficients = vector(4 * planes, x.dtype());
        program.normalization(ArenaKernel.NORM_FORWARD_TERMS, "normalisation terms", planes, geometry, 0, eps, 0,
                offset(coefficients), offset(mean), offset(variance), 0);
        Tensor y = backend.allocate(x.shape(), x.dtype());
        DeviceBlock in = backend.block(x);
        program.planeAffine(geometry[ArenaKernel.NORM_SIZE], in, in, backend.block(coefficients), backend.block(y));
        OpenClBackend.release(coefficients);
        Reference.reachabilityFence(new Tensor[] {mean, variance, gammaTyped, betaTyped});
        return y;
    }

    @Override
    public Gradients normalizeBackward(Tensor grad, Tensor x, Grouping grouping, Moments statistics, double eps,
            Tensor gamma, boolean throughStatistics, boolean inputGradient, boolean affineGradients) {
        DeviceProgram program = backend.program("normalize backward", grad, x);
        DType dtype = x.dtype();
        Tensor mean = typed(statistics.mean(), dtype);
        Tensor variance = typed(statistics.variance(), dtype);
        Tensor gammaTyped = typed(gamma, dtype);
        int[] geometry = geometry(x, grouping, gammaTyped, null);
        int planes = x.dim(0) * x.dim(1);
        int channels = x.dim(1);
        Tensor sums = null;
        if (affineGradients || (inputGradient && throughStatistics)) {
            sums = vector(3 * planes, dtype);
            program.normalization(ArenaKernel.PLANE_SUMS, "normalisation gradient sums", planes, geometry, 1, 0, 0,
                    offset(sums), offset(x), offset(grad), offset(mean));
        }
        Tensor dGamma = null;
        Tensor dBeta = null;
        if (affineGradients) {
            dGamma = vector(channels, dtype);
            dBeta = vector(channels, dtype);
            program.normalization(ArenaKernel.NORM_AFFINE_GRADIENTS, "normalisation affine gradients", channels,
                    geometry, 0, eps, 0, offset(dGamma), offset(sums), offset(dBeta), offset(variance));
        }
        Tensor dx = null;
        if (inputGradient) {
            Tensor coefficients = vector(4 * planes, dtype);
            program.normalization(ArenaKernel.NORM_BACKWARD_TERMS, "normalisation backward terms", planes, geometry,
                    throughStatistics ? 1 : 0, eps, grouping.elements(x.shape()), offset(coefficients),
                    sums == null ? 0 : offset(sums), offset(mean), offset(variance));
            dx = backend.allocate(x.shape(), dtype);
            program.planeAffine(geometry[ArenaKernel.NORM_SIZE], backend.block(x), backend.block(grad),
                    backend.block(coefficients), backend.block(dx));
            OpenClBackend.release(coefficients);
        }
        if (sums != null) {
            OpenClBackend.release(sums);
        }
        Reference.reachabilityFence(new Tensor[] {mean, variance, gammaTyped});
        return new Gradients(dx, dGamma, dBeta);
    }

    @Override
    public void updateRunning(Tensor runningMean, Tensor runningVar, Moments batch, Grouping grouping,
            double momentum, double unbias) {
        Tensor mean = batch.mean();
        Tensor variance = batch.variance();
        DeviceProgram program = backend.program("running statistics", mean, variance);
        Tensor runningMeanTyped = typed(runningMean, mean.dtype());
        Tensor runningVarTyped = typed(runningVar, mean.dtype());
        int channels = runningMean.dim(0);
        int[] geometry = new int[ArenaKernel.NORM_GEOMETRY];
        geometry[ArenaKernel.NORM_CHANNELS] = channels;
        geometry[ArenaKernel.NORM_BATCH] = mean.dim(0) / channels;
        program.normalization(ArenaKernel.RUNNING_STATISTICS, "running statistics", channels, geometry,
                grouping.acrossBatch() ? 0 : 1, momentum, unbias, offset(runningMeanTyped), offset(mean),
                offset(variance), offset(runningVarTyped));
        if (runningMeanTyped != runningMean) {
            runningMean.copyFrom(runningMeanTyped);
            runningVar.copyFrom(runningVarTyped);
        }
    }
}
