package org.unet4j.autodiff.opencl;

import java.util.Arrays;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.NormalizationPlanes;
import org.unet4j.autodiff.NormalizationPlanes.BackwardTerms;
import org.unet4j.autodiff.Tensor;

/**
 * Batch, instance and group normalisation on an OpenCL device, in the tensors' type (float32, or float64 where the
 * device reports fp64), split like the CPU backend: the input is
 * read as planes {@code p = n C + c} of S elements; the device computes two compensated sums per plane
 * ({@link ArenaKernel#PLANE_SUMS}), the host combines the few per-plane sums into per-group statistics in double
 * precision, in plane order ({@link NormalizationPlanes}), and the device applies the resulting per-plane affine map
 * to every element ({@link ArenaKernel#PLANE_AFFINE}). Moments are shifted by each group's first element, as on the CPU.
 */
final class OpenClNormalization implements NormalizationKernels {
    private final OpenClBackend backend;

    OpenClNormalization(OpenClBackend backend) {
        this.backend = backend;
    }

    /** Entry {@code group[p]} of a per-group vector for every plane. */
    private static double[] ofPlane(NormalizationPlanes planes, double[] perGroup) {
        double[] v = new double[planes.count()];
        for (int p = 0; p < planes.count(); p++) {
            v[p] = perGroup[planes.group()[p]];
        }
        return v;
    }

    @Override
    public Moments moments(Tensor x, Grouping grouping) {
        DeviceProgram program = backend.program("normalisation moments", x);
        NormalizationPlanes planes = NormalizationPlanes.of(x, grouping);
        int groups = grouping.count(x.shape());
        int[] firstOfGroup = new int[groups];
        Arrays.fill(firstOfGroup, -1);
        int[] centers = new int[planes.count()];
        for (int p = 0; p < planes.count(); p++) {
            int q = planes.group()[p];
            if (firstOfGroup[q] < 0) {
                firstOfGroup[q] = p * planes.size();
            }
            centers[p] = firstOfGroup[q];
        }
        double[] sums = program.planeSums(planes.count(), planes.size(), backend.block(x), null, centers,
                new double[planes.count()]);
        double[] s1 = new double[planes.count()];
        double[] s2 = new double[planes.count()];
        double[] shift = new double[groups];
        for (int p = 0; p < planes.count(); p++) {
            s1[p] = sums[3 * p];
            s2[p] = sums[3 * p + 1];
            shift[planes.group()[p]] = sums[3 * p + 2];
        }
        return planes.moments(groups, grouping.elements(x.shape()), shift, s1, s2);
    }

    @Override
    public Tensor normalize(Tensor x, Grouping grouping, double[] mean, double[] rstd, double[] gamma,
            double[] beta) {
        DeviceProgram program = backend.program("normalize", x);
        NormalizationPlanes planes = NormalizationPlanes.of(x, grouping);
        double[] coefficients = new double[4 * planes.count()];
        for (int p = 0; p < planes.count(); p++) {
            int c = p % planes.channels();
            int q = planes.group()[p];
            coefficients[4 * p + 1] = rstd[q] * (gamma == null ? 1 : gamma[c]);
            coefficients[4 * p + 2] = mean[q];
            coefficients[4 * p + 3] = beta == null ? 0 : beta[c];
        }
        Tensor y = backend.allocate(x.shape(), x.dtype());
        DeviceBlock in = backend.block(x);
        program.planeAffine(planes.size(), in, in, coefficients, backend.block(y));
        return y;
    }

    @Override
    public Gradients normalizeBackward(Tensor grad, Tensor x, Grouping grouping, double[] mean, double[] rstd,
            double[] gamma, boolean throughStatistics, boolean inputGradient, boolean affineGradients) {
        DeviceProgram program = backend.program("normalize backward", grad, x);
        NormalizationPlanes planes = NormalizationPlanes.of(x, grouping);
        int groups = grouping.count(x.shape());
        double m = grouping.elements(x.shape());
        double[] sumG = new double[planes.count()];
        double[] sumGX = new double[planes.count()];
        if (affineGradients || (inputGradient && throughStatistics)) {
            double[] sums = program.planeSums(planes.count(), planes.size(), backend.block(x), backend.block(grad),
                    new int[planes.count()], ofPlane(planes, mean));
            for (int p = 0; p < planes.count(); p++) {
                sumG[p] = sums[3 * p];
                sumGX[p] = sums[3 * p + 1];
            }
        }
        BackwardTerms terms = planes.backwardTerms(rstd, gamma, sumG, sumGX, affineGradients);
        if (!inputGradient) {
            return new Gradients(null, terms.gamma(), terms.beta());
        }
        // dx = a g + b (x - mu_q) + c per plane, with a = gamma_c rstd_q and, through the statistics,
        // b = -rstd_q^2 (1/M) sum_q h xhat and c = -rstd_q (1/M) sum_q h (see CpuNormalization).
        double[] a = terms.a();
        double[] sumH = throughStatistics ? planes.perGroup(groups, sumG, terms.gammaOfPlane()) : new double[groups];
        double[] sumHXhat = throughStatistics ? planes.perGroup(groups, sumGX, a) : new double[groups];
        double[] coefficients = new double[4 * planes.count()];
        for (int p = 0; p < planes.count(); p++) {
            int q = planes.group()[p];
            coefficients[4 * p] = a[p];
            coefficients[4 * p + 1] = -rstd[q] * rstd[q] * sumHXhat[q] / m;
            coefficients[4 * p + 2] = mean[q];
            coefficients[4 * p + 3] = -rstd[q] * sumH[q] / m;
        }
        Tensor dx = backend.allocate(x.shape(), x.dtype());
        program.planeAffine(planes.size(), backend.block(x), backend.block(grad), coefficients, backend.block(dx));
        return new Gradients(dx, terms.gamma(), terms.beta());
    }
}
