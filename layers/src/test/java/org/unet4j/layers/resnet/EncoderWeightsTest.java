package org.unet4j.layers.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.io.CheckpointException;

class EncoderWeightsTest {
    private static final ResNet TINY = ResNet.RESNET18.withWidths(4, 8, 16, 32);

    @TempDir
    Path dir;

    private static void assertSameState(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> assertArrayEquals(t.toDoubleArray(), actual.get(name).toDoubleArray(), 0, name));
    }

    @Test
    void aWholeNetworksCheckpointGivesItsEncoderAndLeavesTheRestAlone() throws IOException {
        ResNetUNet trained = ResNetUNet.builder().encoder(TINY).decoderChannels(16, 8, 8, 4, 4).seed(1).build();
        Path file = dir.resolve("unet.ckpt");
        Checkpoint.save(file, trained);
        ResNetEncoder fresh = new ResNetEncoder(TINY, 3, new SplittableRandom(2));
        EncoderWeights report = fresh.loadWeights(file);
        assertSameState(trained.encoder().stateDict(), fresh.stateDict());
        assertEquals("encoder.", report.prefix());
        assertEquals(100, report.loaded());
        assertTrue(report.ignored().contains("segmentation_head.weight") && report.ignored().contains(
                "decoder.block0.0.0.weight"), report.toString());
        assertEquals(trained.stateDict().size() - 100, report.ignored().size());
    }

    @Test
    void anEncodersOwnCheckpointLoadsUnderTorchvisionsNames() throws IOException {
        ResNetEncoder source = new ResNetEncoder(TINY, 3, new SplittableRandom(3));
        Path file = dir.resolve("resnet18.ckpt");
        Checkpoint.save(file, source);
        ResNetEncoder target = new ResNetEncoder(TINY, 3, new SplittableRandom(4));
        EncoderWeights report = target.loadWeights(file);
        assertEquals("", report.prefix());
        assertTrue(report.ignored().isEmpty());
        assertSameState(source.stateDict(), target.stateDict());
    }

    @Test
    void otherShapesAndMissingTensorsAreNamedAndNothingIsLoaded() throws IOException {
        Path file = dir.resolve("wide.ckpt");
        Checkpoint.save(file, new ResNetEncoder(ResNet.RESNET18.withWidths(8, 8, 16, 32), 3, new SplittableRandom(5)));
        ResNetEncoder target = new ResNetEncoder(TINY, 3, new SplittableRandom(6));
        Map<String, double[]> before = new java.util.LinkedHashMap<>();
        target.stateDict().forEach((k, v) -> before.put(k, v.toDoubleArray()));
        String m = assertThrows(CheckpointException.class, () -> target.loadWeights(file)).getMessage();
        assertTrue(m.contains("'conv1.weight' is [8, 3, 7, 7] in the file but [4, 3, 7, 7] in the encoder"), m);
        assertTrue(m.contains("nothing was loaded") && m.contains(file.toString()), m);
        target.stateDict().forEach((k, v) -> assertArrayEquals(before.get(k), v.toDoubleArray(), 0, k));

        ResNetEncoder deeper = new ResNetEncoder(ResNet.RESNET34.withWidths(4, 8, 16, 32), 3, new SplittableRandom(7));
        Path shallow = dir.resolve("resnet18-tiny.ckpt");
        Checkpoint.save(shallow, new ResNetEncoder(TINY, 3, new SplittableRandom(8)));
        m = assertThrows(CheckpointException.class, () -> deeper.loadWeights(shallow)).getMessage();
        assertTrue(m.contains("missing: [layer1.2.conv1.weight"), m);
        assertFalse(m.contains("shapes differ"), m);
    }

    @Test
    void aCheckpointWithoutAnEncoderIsRejectedByName() throws IOException {
        Path file = dir.resolve("decoder.ckpt");
        Checkpoint.save(file, new ResNetUNetDecoder(TINY, new int[] {16, 8, 8, 4, 4}, new SplittableRandom(9)));
        ResNetEncoder target = new ResNetEncoder(TINY, 3, new SplittableRandom(10));
        String m = assertThrows(CheckpointException.class, () -> target.loadWeights(file)).getMessage();
        assertTrue(m.contains("holds no ResNet encoder") && m.contains("'encoder.conv1.weight'"), m);
    }
}
