package org.unet4j.autodiff;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;

/**
 * Generators shared by the property tests: random shapes, broadcast-compatible partners and seeded random tensors.
 * Shapes stay small (sizes up to 3 or 4) so that finite-difference checks, two evaluations per element, stay fast.
 *
 * <p>Where test tensors live ({@link #placed}): float32 inputs on the default device, so the suite's OpenCL half
 * ({@code -Dunet4j.device=opencl}) checks the float32 ops on the device; float64 inputs on the host, so these
 * properties' float64 checks (finite differences, exact identities, mixed-type promotion) stay host references.
 * Float64 on the device has its own checks in the OpenCL package (parity at 1e-12 and GradCheck on the device).
 */
final class TensorArbitraries {
    private TensorArbitraries() {
    }

    /** Two shapes that broadcast together. */
    record ShapePair(int[] left, int[] right) {
        @Override
        public String toString() {
            return Arrays.toString(left) + " with " + Arrays.toString(right);
        }
    }

    /** Three shapes that broadcast together. */
    record ShapeTriple(int[] first, int[] second, int[] third) {
        @Override
        public String toString() {
            return Arrays.toString(first) + ", " + Arrays.toString(second) + ", " + Arrays.toString(third);
        }
    }

    /** Shapes of rank 0..maxRank with sizes 1..maxSize. */
    static Arbitrary<int[]> shapes(int minRank, int maxRank, int maxSize) {
        return Arbitraries.integers().between(1, maxSize).list().ofMinSize(minRank).ofMaxSize(maxRank)
                .map(TensorArbitraries::toArray);
    }

    /**
     * A broadcast partner of {@code full}: some leading axes dropped, some of the remaining sizes set to 1. The
     * broadcast of the pair is {@code full} itself.
     */
    static Arbitrary<int[]> partnerOf(int[] full) {
        return Combinators.combine(Arbitraries.integers().between(0, full.length),
                Arbitraries.integers().between(0, (1 << full.length) - 1)).as((dropped, ones) -> {
                    int[] partner = Arrays.copyOfRange(full, dropped, full.length);
                    for (int i = 0; i < partner.length; i++) {
                        if ((ones >> i & 1) == 1) {
                            partner[i] = 1;
                        }
                    }
                    return partner;
                });
    }

    /** A shape and a broadcast partner of it, in either order. */
    static Arbitrary<ShapePair> broadcastPairs(int maxRank, int maxSize) {
        return shapes(0, maxRank, maxSize).flatMap(full -> Combinators.combine(partnerOf(full), Arbitraries.of(true,
                false)).as((partner, fullFirst) -> fullFirst ? new ShapePair(full, partner)
                        : new ShapePair(partner, full)));
    }

    /** A shape and two broadcast partners of it, shuffled. */
    static Arbitrary<ShapeTriple> broadcastTriples(int maxRank, int maxSize) {
        return shapes(0, maxRank, maxSize).flatMap(full -> Combinators.combine(partnerOf(full), partnerOf(full))
                .as((p, q) -> List.of(full, p, q)).flatMap(Arbitraries::shuffle)
                .map(s -> new ShapeTriple(s.get(0), s.get(1), s.get(2))));
    }

    /** Shapes of rank 0..4 with sizes up to 3: at most 81 elements, cheap enough for finite differences. */
    static final class SmallShapes implements ArbitrarySupplier<int[]> {
        @Override
        public Arbitrary<int[]> get() {
            return shapes(0, 4, 3);
        }
    }

    /** Shapes of rank 1..4 with sizes up to 4, for ops that need an axis. */
    static final class ShapesWithAnAxis implements ArbitrarySupplier<int[]> {
        @Override
        public Arbitrary<int[]> get() {
            return shapes(1, 4, 4);
        }
    }

    /** Broadcast pairs of rank up to 4 with sizes up to 3. */
    static final class BroadcastPairs implements ArbitrarySupplier<ShapePair> {
        @Override
        public Arbitrary<ShapePair> get() {
            return broadcastPairs(4, 3);
        }
    }

    /** Broadcast triples of rank up to 3 with sizes up to 3. */
    static final class BroadcastTriples implements ArbitrarySupplier<ShapeTriple> {
        @Override
        public Arbitrary<ShapeTriple> get() {
            return broadcastTriples(3, 3);
        }
    }

    /** Uniform values in [low, high) from a generator seeded with {@code seed}. */
    static Tensor uniform(long seed, DType dtype, double low, double high, int... dims) {
        return placed(onHost(() -> Tensor.uniform(new SplittableRandom(seed), dtype, low, high, dims)));
    }

    /** Values of magnitude in [min, max) with random signs: away from the kink of relu, abs and the like. */
    static Tensor awayFromZero(long seed, DType dtype, double min, double max, int... dims) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = onHost(() -> Tensor.zeros(dtype, dims));
        for (int i = 0; i < t.size(); i++) {
            double magnitude = min + (max - min) * rng.nextDouble();
            t.flatSet(i, rng.nextBoolean() ? magnitude : -magnitude);
        }
        return placed(t);
    }

    /**
     * Values in [min, max) whose fractional parts lie in [low, high), for integer min and max: two draws with
     * disjoint fraction ranges never come nearer than the gap between the ranges (kinks of maximum, clamp).
     */
    static Tensor withFractions(long seed, DType dtype, int min, int max, double low, double high, int... dims) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = onHost(() -> Tensor.zeros(dtype, dims));
        for (int i = 0; i < t.size(); i++) {
            t.flatSet(i, rng.nextInt(min, max) + low + (high - low) * rng.nextDouble());
        }
        return placed(t);
    }

    /** The tensor {@code make} creates, made with the host as the default device. */
    static Tensor onHost(Supplier<Tensor> make) {
        return Device.withDefault(Device.CPU, make);
    }

    /** A float32 host tensor moved to the default device; a float64 one stays on the host. */
    static Tensor placed(Tensor host) {
        return host.dtype() == DType.FLOAT32 ? host.to(Device.defaultDevice()) : host;
    }

    private static int[] toArray(List<Integer> sizes) {
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
