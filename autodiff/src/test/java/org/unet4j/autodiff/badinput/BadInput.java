package org.unet4j.autodiff.badinput;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.cpu.CpuBackend;

/**
 * What the bad-input properties assert: invalid input is refused with a <i>named</i> error, an
 * {@link IllegalArgumentException} (a {@link org.unet4j.autodiff.ShapeException} among them),
 * {@link UnsupportedOperationException} or {@link IllegalStateException} whose message is not blank, never an
 * internal accident ({@code ArrayIndexOutOfBoundsException}, {@code NullPointerException},
 * {@code ClassCastException}, {@code NegativeArraySizeException}...); and finite input never gives NaN.
 */
final class BadInput {
    /** A second device with the host's backend: tensors on it and on {@link Device#CPU} must not be mixed. */
    static final Device OTHER = new Device("other-cpu", CpuBackend.instance());

    private BadInput() {
    }

    /** Asserts that {@code call} throws a named error mentioning every one of {@code words} (in any case); returns its message. */
    static String assertRefused(String what, Runnable call, String... words) {
        try {
            call.run();
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.isBlank(), what + ": " + e.getClass().getSimpleName() + " without a message");
            for (String w : words) {
                assertTrue(m.toLowerCase(java.util.Locale.ROOT).contains(w.toLowerCase(java.util.Locale.ROOT)), what + ": the message does not mention '" + w + "': " + m);
            }
            return m;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": refused with " + e + " instead of a named error", e);
        }
        return fail(what + ": accepted");
    }

    /**
     * Asserts that {@code call} either returns or throws a named error, never an internal accident; for inputs at
     * the edge of the domain (empty tensors) where both are reasonable.
     */
    static void assertNoAccident(String what, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.isBlank(), what + ": " + e.getClass().getSimpleName() + " without a message");
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": failed with " + e + " instead of a named error", e);
        }
    }

    /** Asserts that no element of {@code out} is NaN. */
    static void assertNoNaN(String what, Tensor out) {
        for (double v : out.toDoubleArray()) {
            assertFalse(Double.isNaN(v), what + ": NaN from finite input, in " + out);
        }
    }

    /** A tensor of zeros on {@link #OTHER}. */
    static Tensor onOther(DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        int size = shape.size();
        return Tensor.fromBackend(shape, dtype, OTHER, dtype == DType.FLOAT32 ? new float[size] : new double[size]);
    }

    /** Uniform values in [-scale, scale), on the host. */
    static Tensor uniform(long seed, DType dtype, double scale, int... dims) {
        return Device.withDefault(Device.CPU,
                () -> Tensor.uniform(new SplittableRandom(seed), dtype, -scale, scale, dims));
    }

    /** A tensor of {@code dims} on the host. */
    static Tensor zeros(DType dtype, int... dims) {
        return Device.withDefault(Device.CPU, () -> Tensor.zeros(dtype, dims));
    }

    /** Finite magnitudes from ordinary to near the dtype's overflow, both signs. */
    static Arbitrary<Double> extremeMagnitudes() {
        return Arbitraries.of(1e-30, 1.0, 1e4, 1e15, 1e30, 1e37);
    }

    /** The non-finite values. */
    static Arbitrary<Double> nonFinite() {
        return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }
}
