package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.DownsamplingMode;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * The number of relative-distinct output functions of a U-Net: Rumberger et al., ICCV 2021, Lemma 1 (Part I with
 * Part II).
 *
 * <p><b>Definitions.</b> u_x(I) = U(I)(x) is the output function at pixel x. u_x1 and u_x2 are relative-equal iff
 * u_x1(T_x1 I) = u_x2(T_x2 I) for every image I, i.e. both compute the same thing relative to their position.
 * <b>Statement.</b> Every U-Net has the capacity to implement f^(dl) relative-distinct functions u, and no U-Net
 * implements more.
 *
 * <p><b>Reproduction</b> (d = 1 and d = 2). For an output pixel p we evaluate w(p) = u_p(T_p I) as the output at p of
 * the window of a large image G that starts at c - p, so that every w(p) sees G's pixel c at p. Part I: the paper's
 * instance (filters 1, identity 3x3 (1 x 3) convolutions, skip channels zeroed, max pooling, all-ones transposed
 * up-sampling kernels, identity head, ReLU, zero biases) on an image strictly increasing in a fixed order (along
 * diagonals, ordered by y + x, then by y, in 2-D; along the axis in 1-D) gives exactly f^(dl) distinct values over
 * p in [0, 2 f^l)^d, and w(p) = w(p mod f^l). Part II: for random instances and images w is f^l-periodic, so there
 * are never more than f^(dl) distinct values.
 */
class RelativeDistinctOutputFunctionsTest {

    @Provide
    Arbitrary<UNetInstances> instances() {
        return UNetInstances.small();
    }

    @Property(tries = 10)
    void thePapersInstanceReachesTheBound(@ForAll("instances") UNetInstances shape) {
        int l = shape.l();
        int f = shape.f();
        int d = shape.d();
        int p = shape.period();
        UNet net = constructiveInstance(d, l, f);
        int side = inputWithOutputAtLeast(net.geometry(), 2 * p);
        Tensor image = increasing(side + 2 * p, d);
        List<double[]> w = relativeValues(net, image, side, p, d);
        assertEquals((int) Math.pow(p, d), distinct(w, 0).size(), "f^(dl) relative-distinct functions for d = " + d
                + ", f = " + f + ", l = " + l);
        assertPeriodic(w, p, d, 0);
    }

    @Property(tries = 10)
    void randomInstancesNeverExceedTheBound(@ForAll("instances") UNetInstances instance) {
        UNet net = instance.build(ConvPadding.VALID);
        int p = instance.period();
        int d = instance.d();
        int side = inputWithOutputAtLeast(net.geometry(), 2 * p);
        Tensor image = instance.randomImage(instance.seed(), side + 2 * p);
        List<double[]> w = relativeValues(net, image, side, p, d);
        double tolerance = 1e-10 * w.stream().flatMapToDouble(Arrays::stream).map(Math::abs).max()
                .orElse(1);
        int bound = (int) Math.pow(p, d);
        assertTrue(distinct(w, tolerance).size() <= bound, instance + ": more than f^(dl) = " + bound
                + " relative-distinct values");
        assertPeriodic(w, p, d, tolerance);
    }

    /** The paper's instance of Lemma 1 Part I in d dimensions: every output is the maximum of I over an f^l block. */
    static UNet constructiveInstance(int d, int l, int f) {
        int[] ones = new int[l + 1];
        Arrays.fill(ones, 1);
        UNet net = UNet.builder().spatialDims(d).inChannels(1).outChannels(1).levels(l + 1).factor(f).filters(ones)
                .convsPerLevel(1).kernel(3).padding(ConvPadding.VALID).norm(Norm.NONE).activation(Activation.RELU)
                .downsampling(DownsamplingMode.MAX_POOL).upsampling(UpsamplingMode.TRANSPOSED).build();
        for (Module m : net.namedModules().values()) {
            if (m instanceof ConvTranspose2d up) {
                up.weight().set(Tensor.ones(DType.FLOAT64, up.weight().shape().dims()));
                up.bias().set(Tensor.zeros(DType.FLOAT64, up.bias().shape().dims()));
            } else if (m instanceof Conv2d conv) {
                int[] dims = conv.weight().shape().dims();
                Tensor identity = Tensor.zeros(DType.FLOAT64, dims);
                identity.set(1, 0, dims[1] - 1, dims[2] / 2, dims[3] / 2);
                conv.weight().set(identity);
                conv.bias().set(Tensor.zeros(DType.FLOAT64, conv.bias().shape().dims()));
            }
        }
        return net;
    }

    /**
     * A positive image strictly increasing in a fixed order of its pixels: I(x) = x + 1 in 1-D,
     * I(y, x) = (y + x) side + y + 1 in 2-D (along diagonals, then by y).
     */
    static Tensor increasing(int side, int d) {
        if (d == 1) {
            double[] v = new double[side];
            for (int x = 0; x < side; x++) {
                v[x] = x + 1;
            }
            return Tensor.wrap(v, 1, 1, side);
        }
        double[] v = new double[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                v[y * side + x] = (double) (y + x) * side + y + 1;
            }
        }
        return Tensor.wrap(v, 1, 1, side, side);
    }

    /** The smallest valid input side whose output side is at least {@code out}. */
    static int inputWithOutputAtLeast(UNetGeometry g, int out) {
        int b = 1;
        while (g.outputSize(g.inputSize(b)).orElse(0) < out) {
            b++;
        }
        return g.inputSize(b);
    }

    /** The pixel of [0, n)^d with row-major index {@code k}. */
    private static int[] pixel(int k, int n, int d) {
        int[] p = new int[d];
        for (int a = d - 1, rest = k; a >= 0; a--, rest /= n) {
            p[a] = rest % n;
        }
        return p;
    }

    /** w(p) = u_p(T_p G) for p in [0, 2 period)^d, row-major; each a vector over the output channels. */
    private static List<double[]> relativeValues(UNet net, Tensor image, int side, int period, int d) {
        int anchor = 2 * period - 1;
        int n = 2 * period;
        List<double[]> w = new ArrayList<>();
        for (int k = 0; k < (int) Math.pow(n, d); k++) {
            int[] p = pixel(k, n, d);
            int[] offset = new int[d];
            int[] at = new int[2 + d];
            for (int a = 0; a < d; a++) {
                offset[a] = anchor - p[a];
                at[2 + a] = p[a];
            }
            Tensor out = Windows.run(net, Windows.window(image, offset, side));
            double[] v = new double[out.dim(1)];
            for (int c = 0; c < v.length; c++) {
                at[1] = c;
                v[c] = out.get(at);
            }
            w.add(v);
        }
        return w;
    }

    /** Representatives of the values, two values being equal when no entry differs by more than tolerance. */
    private static List<double[]> distinct(List<double[]> values, double tolerance) {
        List<double[]> reps = new ArrayList<>();
        for (double[] v : values) {
            if (reps.stream().noneMatch(r -> close(r, v, tolerance))) {
                reps.add(v);
            }
        }
        return reps;
    }

    private static void assertPeriodic(List<double[]> w, int period, int d, double tolerance) {
        int n = 2 * period;
        for (int k = 0; k < w.size(); k++) {
            int[] p = pixel(k, n, d);
            int r = 0;
            for (int a = 0; a < d; a++) {
                r = r * n + p[a] % period;
            }
            assertTrue(close(w.get(k), w.get(r), tolerance), "u_p and u_(p mod f^l) differ at p = "
                    + Arrays.toString(p));
        }
    }

    private static boolean close(double[] a, double[] b, double tolerance) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
