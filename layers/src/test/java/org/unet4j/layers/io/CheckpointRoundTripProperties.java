package org.unet4j.layers.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

class CheckpointRoundTripProperties {

    /** Random tensors of random rank (0 to 4), sizes (0 to 4) and dtype, with non-finite values and signed zeros. */
    private static Map<String, Tensor> randomState(SplittableRandom rng, int entries, String prefix) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int e = 0; e < entries; e++) {
            int[] dims = new int[rng.nextInt(5)];
            for (int a = 0; a < dims.length; a++) {
                dims[a] = rng.nextInt(5);
            }
            DType dtype = rng.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            Tensor t = Tensor.randn(rng, dtype, dims);
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE};
            if (t.size() > 0) {
                t.flatSet(rng.nextInt(t.size()), specials[rng.nextInt(specials.length)]);
            }
            state.put(prefix + e + ".ü", t);
        }
        return state;
    }

    @Property(tries = 15)
    void everyStateRoundTripsBitForBit(@ForAll @IntRange(min = 0, max = 6) int modelEntries,
            @ForAll @IntRange(min = 0, max = 3) int optimizerEntries, @ForAll long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Checkpoint original = new Checkpoint(randomState(rng, modelEntries, "layer."),
                randomState(rng, optimizerEntries, "param."));
        Path dir = Files.createTempDirectory("checkpoint-property");
        Path file = dir.resolve("state.ckpt");
        try {
            original.write(file);
            Checkpoint read = Checkpoint.read(file);
            assertSame(original.model(), read.model());
            assertSame(original.optimizer(), read.optimizer());
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    private static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet().stream().toList(), actual.keySet().stream().toList());
        expected.forEach((name, t) -> {
            Tensor u = actual.get(name);
            assertEquals(t.dtype(), u.dtype());
            assertArrayEquals(t.dims(), u.dims());
            if (t.dtype() == DType.FLOAT32) {
                float[] a = t.floats();
                float[] b = u.floats();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]));
                }
            } else {
                double[] a = t.doubles();
                double[] b = u.doubles();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]));
                }
            }
        });
    }
}
