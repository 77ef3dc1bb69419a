package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.unet4j.autodiff.opencl.Parity.random;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.UnaryFn;

/**
 * Every primitive the OpenCL backend implements, forward and backward through the tape, equals the CPU backend
 * within the tolerance of its element type (float32, and float64 where the device reports fp64) on random shapes.
 * Sizes run up to 37, so most do not divide the work-group size (256) or the matrix-product tile (16).
 */
@AddLifecycleHook(OpenClTestDevice.SkipWithoutOpenCl.class)
@AddLifecycleHook(OpenClTestDevice.HostDefault.class)
class OpenClParityProperties {
    private static final double TOLERANCE = 2e-4;

    @Property(tries = 40)
    void fillMatchesTheCpu(@ForAll("shapes") int[] shape, @ForAll @DoubleRange(min = -1e6, max = 1e6) double value,
            @ForAll DType dtype, @ForAll long seed) {
        Tensor x = random(seed, dtype, shape);
        Tensor onDevice = x.to(device());
        assertClose(x.fill(value), onDevice.fill(value), "fill with " + value);
    }

    @Property(tries = 40)
    void unaryFunctionsMatchTheCpu(@ForAll("shapes") int[] shape, @ForAll UnaryFn fn, @ForAll DType dtype,
            @ForAll long seed) {
        boolean positive = fn == UnaryFn.LOG || fn == UnaryFn.SQRT || fn == UnaryFn.POW || fn == UnaryFn.RECIPROCAL;
        Tensor x = random(seed, dtype, shape);
        Tensor input = positive ? x.abs().add(0.1) : x.mul(3);
        double a = fn == UnaryFn.CLAMP || fn == UnaryFn.INSIDE ? -0.5 : (fn == UnaryFn.POW ? 1.7 : 0.3);
        double b = fn == UnaryFn.CLAMP || fn == UnaryFn.INSIDE ? 0.8 : -0.25;
        Tensor expected = Device.CPU.backend().unary(fn, input, a, b);
        Tensor actual = backend().unary(fn, input.to(device()), a, b);
        assertClose(expected, actual, fn.name());
    }

    @Property(tries = 60)
    void binaryFunctionsBroadcastLikeTheCpu(@ForAll("broadcastPairs") int[][] shapes, @ForAll BinaryFn fn,
            @ForAll DType dtype, @ForAll long seed) {
        Tensor x = random(seed, dtype, shapes[0]);
        Tensor y = random(seed + 1, dtype, shapes[1]);
        if (fn == BinaryFn.POW) {
            x = x.abs().add(0.1);
        }
        if (fn == BinaryFn.EQUAL) {
            x = x.maximum(Tensor.zeros(dtype, 1));
            y = y.maximum(Tensor.zeros(dtype, 1));
        }
        Tensor expected = Device.CPU.backend().binary(fn, x, y);
        Tensor actual = backend().binary(fn, x.to(device()), y.to(device()));
        assertClose(expected, actual, fn.name() + " " + Arrays.toString(shapes[0]) + " " + Arrays.toString(shapes[1]));
    }

    @Property(tries = 60)
    void sumAndMaxOverAnyAxesMatchTheCpu(@ForAll("shapes") int[] shape, @ForAll int axesMask, @ForAll DType dtype,
            @ForAll long seed) {
        Tensor x = random(seed, dtype, shape);
        int[] axes = java.util.stream.IntStream.range(0, shape.length).filter(i -> (axesMask >> i & 1) == 1).toArray();
        assertClose(x.sum(axes, false), x.to(device()).sum(axes, false), "sum " + Arrays.toString(axes));
        assertClose(x.max(axes, true), x.to(device()).max(axes, true), "max " + Arrays.toString(axes));
    }

    @Property(tries = 60)
    void batchedMatrixProductsMatchTheCpu(@ForAll @IntRange(min = 1, max = 37) int m,
            @ForAll @IntRange(min = 0, max = 37) int k, @ForAll @IntRange(min = 1, max = 37) int n,
            @ForAll @IntRange(min = 0, max = 3) int batchCase, @ForAll boolean transposeA,
            @ForAll boolean transposeB, @ForAll DType dtype, @ForAll long seed) {
        int[][] batches = {{}, {3}, {2, 1}, {1}};
        int[][] other = {{}, {3}, {1, 3}, {4}};
        int[] ba = batches[batchCase];
        int[] bb = other[batchCase];
        Tensor a = random(seed, dtype, append(ba, transposeA ? k : m, transposeA ? m : k));
        Tensor b = random(seed + 1, dtype, append(bb, transposeB ? n : k, transposeB ? k : n));
        Tensor expected = Device.CPU.backend().matmul(a, b, transposeA, transposeB);
        Tensor actual = backend().matmul(a.to(device()), b.to(device()), transposeA, transposeB);
        assertClose(expected, actual, "matmul " + a.shape() + (transposeA ? "^T" : "") + " @ " + b.shape()
                + (transposeB ? "^T" : ""));
    }

    @Property(tries = 60)
    void permuteCropPadConcatAndCastMatchTheCpu(@ForAll("shapes") int[] shape, @ForAll DType dtype,
            @ForAll long seed) {
        Tensor x = random(seed, dtype, shape);
        Tensor d = x.to(device());
        int rank = shape.length;
        int[] perm = java.util.stream.IntStream.range(0, rank).map(i -> rank - 1 - i).toArray();
        assertClose(x.permute(perm), d.permute(perm), "permute");
        if (rank > 0) {
            int[] start = new int[rank];
            int[] sizes = shape.clone();
            start[rank - 1] = shape[rank - 1] / 3;
            sizes[rank - 1] = shape[rank - 1] - start[rank - 1];
            assertClose(x.crop(start, sizes), d.crop(start, sizes), "crop");
            int[] before = new int[rank];
            int[] after = new int[rank];
            before[0] = 1;
            after[rank - 1] = 2;
            assertClose(x.pad(before, after, 0), d.pad(before, after, 0), "pad");
            assertClose(Tensor.concat(0, x, x.neg()), Tensor.concat(0, d, d.neg()), "concat");
        }
        assertClose(x.toFloat32(), d.toFloat32(), "cast to float32");
        assertClose(x.toFloat64(), d.toFloat64(), "cast to float64");
    }

    /**
     * Operands of both types promote to float64 on the device as on the CPU (binary functions, matrix products), and
     * a float32 source assigned into a float64 tensor is widened exactly; casts there and back are exact.
     */
    @Property(tries = 30)
    void mixedTypesPromoteLikeTheCpu(@ForAll @IntRange(min = 1, max = 23) int rows,
            @ForAll @IntRange(min = 1, max = 29) int cols, @ForAll long seed) {
        OpenClTestDevice.assumeComputesIn(DType.FLOAT64);
        Tensor single = random(seed, DType.FLOAT32, rows, cols);
        Tensor wide = random(seed + 1, DType.FLOAT64, rows, cols);
        Tensor d32 = single.to(device());
        Tensor d64 = wide.to(device());
        assertClose(single.add(wide), d32.add(d64), "float32 + float64");
        assertClose(wide.mul(single), d64.mul(d32), "float64 * float32");
        assertClose(single.matmul(wide.transpose(0, 1)), d32.matmul(d64.transpose(0, 1)), "float32 @ float64");
        assertClose(single.toFloat64(), d64.zerosLike().copyFrom(d32), "float32 assigned into float64");
        assertArrayEquals(single.toDoubleArray(), d32.toFloat64().toFloat32().toFloat64().toDoubleArray(),
                "float32 -> float64 -> float32 on the device must be exact");
    }

    @Property(tries = 30)
    void gradientsThroughTheTapeMatchTheCpu(@ForAll @IntRange(min = 1, max = 19) int rows,
            @ForAll @IntRange(min = 1, max = 23) int inner, @ForAll @IntRange(min = 1, max = 17) int cols,
            @ForAll DType dtype, @ForAll long seed) {
        Tensor x = random(seed, dtype, rows, inner);
        Tensor w = random(seed + 1, dtype, inner, cols);
        Tensor bias = random(seed + 2, dtype, cols);
        Function<List<Tensor>, Tensor> f = in -> {
            Tensor h = in.get(0).matmul(in.get(1)).add(in.get(2));
            Tensor act = h.sigmoid().mul(h.tanh()).add(h.softplus().mul(0.5)).sub(h.relu().maximum(h.mul(0.1)));
            return act.pow(2).mean().add(act.max().mul(0.3)).add(act.permute(1, 0).sum(0, false).mean());
        };
        List<Tensor> cpu = leaves(x, w, bias, Device.CPU);
        List<Tensor> gpu = leaves(x, w, bias, device());
        Tensor lossCpu = f.apply(cpu);
        Tensor lossGpu = f.apply(gpu);
        assertClose(lossCpu, lossGpu, "loss");
        lossCpu.backward();
        lossGpu.backward(Tensor.ones(dtype, lossGpu.dims()).to(device()));
        for (int i = 0; i < 3; i++) {
            assertClose(cpu.get(i).grad(), gpu.get(i).grad(), "gradient of input " + i);
        }
    }

    private static List<Tensor> leaves(Tensor x, Tensor w, Tensor b, Device device) {
        return List.of(x.detach().to(device).requiresGrad(true), w.detach().to(device).requiresGrad(true),
                b.detach().to(device).requiresGrad(true));
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 37).list().ofMinSize(0).ofMaxSize(4)
                .filter(l -> l.stream().reduce(1, (p, q) -> p * q) <= 4000)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
    }

    @Provide
    Arbitrary<int[][]> broadcastPairs() {
        return shapes().flatMap(full -> Combinators.combine(Arbitraries.integers().between(0, full.length),
                Arbitraries.integers().between(0, 15), Arbitraries.of(true, false)).as((dropped, ones, swap) -> {
                    int[] partner = Arrays.copyOfRange(full, dropped, full.length);
                    for (int i = 0; i < partner.length; i++) {
                        if ((ones >> i & 1) == 1) {
                            partner[i] = 1;
                        }
                    }
                    return swap ? new int[][] {partner, full} : new int[][] {full, partner};
                }));
    }

    private static Device device() {
        return OpenClTestDevice.device();
    }

    private static OpenClBackend backend() {
        return (OpenClBackend) device().backend();
    }

    private static int[] append(int[] batch, int rows, int cols) {
        int[] d = Arrays.copyOf(batch, batch.length + 2);
        d[batch.length] = rows;
        d[batch.length + 1] = cols;
        return d;
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        Parity.assertClose(expected, actual, TOLERANCE, what);
    }
}
