package org.unet4j.proofs.splitting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.AvgPool2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Upsample;

/**
 * A U-Net with linear activations whose forward pass is one multigrid V-cycle for the 5-point Poisson system
 * {@code A_h u = f}, {@code (A_h u)_ij = (4 u_ij - u_{i-1,j} - u_{i+1,j} - u_{i,j-1} - u_{i,j+1}) / h^2}, on the
 * {@code n x n} interior nodes of the unit square, {@code n = 2^L - 1}, {@code h = 1 / (n + 1)}, zero Dirichlet
 * values supplied by zero padding.
 *
 * <p>The feature map of every level has two channels, the iterate and its right-hand side {@code (u, f)}; input and
 * output of the network are the finest level's {@code (u, f)}. Level l (grid {@code h_l = 2^l h}) is made of
 * standard layers with hand-set float64 weights and no activation in between:
 * <ul>
 * <li>encoder / decoder block: a 3x3 convolution with zero padding applied {@code sweeps} times, the damped Jacobi
 * step {@code u <- u + omega D^-1 (f - A u) = (1 - omega) u + (omega / 4) sum_neighbours u + (omega h^2 / 4) f},
 * {@code f <- f};</li>
 * <li>downsampling: a 3x3 convolution producing {@code (0, f - A u)}, followed by {@code AvgPool2d(3, stride 2)},
 * i.e. the coarse state {@code (0, R r)} with the restriction {@code (R r)_IJ = mean of r over the 3x3 block
 * around fine node (2I + 1, 2J + 1)};</li>
 * <li>bottleneck (the 1x1 grid): the Jacobi convolution applied {@code coarseSweeps} times;</li>
 * <li>upsampling: a 1x1 convolution keeping the coarse correction {@code (e, 0)}, then bilinear upsampling of the
 * zero-padded coarse grid with aligned corners, cropped to the interior: the prolongation P is bilinear
 * interpolation with zero boundary values;</li>
 * <li>skip: additive, {@code (u, f) + (P e, 0)}, the coarse-grid correction.</li>
 * </ul>
 * The {@link org.unet4j.layers.unet.UNet} builder is not used: it has no identity activation and its blocks do not
 * carry the right-hand side alongside the features, so the multigrid correction structure is assembled here from
 * {@link Conv2d}, {@link AvgPool2d} and {@link Upsample}.
 */
final class JacobiVCycleUNet extends Module {
    private final int sweeps;
    private final int coarseSweeps;
    private final List<Conv2d> jacobi = new ArrayList<>();
    private final List<Conv2d> residual = new ArrayList<>();
    private final List<Upsample> upsample = new ArrayList<>();
    private final AvgPool2d restrict = new AvgPool2d(3, 2);
    private final Conv2d keepCorrection;

    /** The V-cycle over {@code levels} grids, finest {@code 2^levels - 1}, coarsest 1x1. */
    JacobiVCycleUNet(int levels, double omega, int sweeps, int coarseSweeps) {
        this.sweeps = sweeps;
        this.coarseSweeps = coarseSweeps;
        SplittableRandom rng = new SplittableRandom(0); // initial weights, all overwritten
        for (int l = 0; l < levels; l++) {
            int n = (1 << (levels - l)) - 1;
            double h = 1.0 / (n + 1);
            Tensor w = Tensor.zeros(DType.FLOAT64, 2, 2, 3, 3);
            stencil(w, 0, 1 - omega, omega / 4);
            w.set(omega * h * h / 4, 0, 1, 1, 1);
            w.set(1, 1, 1, 1, 1);
            jacobi.add(registerChild("jacobi" + l, conv(3, w, rng)));
            if (l < levels - 1) {
                Tensor r = Tensor.zeros(DType.FLOAT64, 2, 2, 3, 3);
                stencil(r, 1, -4 / (h * h), 1 / (h * h));
                r.set(1, 1, 1, 1, 1);
                residual.add(registerChild("residual" + l, conv(3, r, rng)));
                int padded = (n - 1) / 2 + 2;
                upsample.add(registerChild("up" + l, Upsample.bilinearToSize(2 * padded - 1, 2 * padded - 1, true)));
            }
        }
        registerChild("restrict", restrict);
        Tensor keep = Tensor.zeros(DType.FLOAT64, 2, 2, 1, 1);
        keep.set(1, 0, 0, 0, 0);
        keepCorrection = registerChild("keepCorrection", conv(1, keep, rng));
    }

    /** One V-cycle: {@code (u, f) [N, 2, n, n]} to {@code (u_new, f)}. */
    @Override
    public Tensor forward(Tensor state) {
        return cycle(0, state);
    }

    private Tensor cycle(int l, Tensor state) {
        if (l == residual.size()) {
            return smooth(l, state, coarseSweeps);
        }
        Tensor pre = smooth(l, state, sweeps);
        Tensor coarse = cycle(l + 1, restrict.forward(residual.get(l).forward(pre)));
        return smooth(l, pre.add(prolong(l, keepCorrection.forward(coarse))), sweeps);
    }

    private Tensor smooth(int l, Tensor state, int times) {
        for (int s = 0; s < times; s++) {
            state = jacobi.get(l).forward(state);
        }
        return state;
    }

    private Tensor prolong(int l, Tensor coarse) {
        int[] one = {0, 0, 1, 1};
        Tensor fine = upsample.get(l).forward(coarse.pad(one, one, 0));
        int n = fine.dim(2) - 2;
        return fine.crop(one, new int[] {fine.dim(0), fine.dim(1), n, n});
    }

    /** Writes the 5-point stencil (centre, neighbour) acting on input channel 0 into output channel {@code out}. */
    private static void stencil(Tensor w, int out, double centre, double neighbour) {
        w.set(centre, out, 0, 1, 1);
        w.set(neighbour, out, 0, 0, 1);
        w.set(neighbour, out, 0, 2, 1);
        w.set(neighbour, out, 0, 1, 0);
        w.set(neighbour, out, 0, 1, 2);
    }

    private static Conv2d conv(int kernel, Tensor weight, SplittableRandom rng) {
        Conv2d c = Conv2d.builder(2, 2, kernel).padding(kernel / 2).bias(false).build(rng);
        c.weight().set(weight);
        return c;
    }
}
