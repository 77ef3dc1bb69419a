package org.unet4j.layers.resnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.io.CheckpointException;

/**
 * What {@link ResNetEncoder#loadWeights} loaded: from where, under which name prefix ({@code ""} for an encoder's
 * own checkpoint, {@code "encoder."} for a whole network's), how many tensors, and the checkpoint's other entries,
 * which it left alone.
 */
public record EncoderWeights(String source, String prefix, int loaded, List<String> ignored) {
    /** Copies the list. */
    public EncoderWeights {
        ignored = List.copyOf(ignored);
    }

    static EncoderWeights load(Checkpoint checkpoint, String source, ResNetEncoder encoder) throws CheckpointException {
        Map<String, Tensor> own = encoder.stateDict();
        Map<String, Tensor> file = checkpoint.model();
        String first = own.keySet().iterator().next();
        String prefix = file.containsKey(first) ? "" : file.containsKey("encoder." + first) ? "encoder." : null;
        if (prefix == null) {
            throw new CheckpointException(source + " holds no ResNet encoder: it has neither '" + first + "' nor 'encoder."
                    + first + "' (its first entries: " + file.keySet().stream().limit(5).toList() + ")");
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            String name = prefix + e.getKey();
            Tensor t = file.get(name);
            if (t == null) {
                missing.add(name);
            } else if (!t.shape().equals(e.getValue().shape())) {
                shapes.add("'" + name + "' is " + t.shape() + " in the file but " + e.getValue().shape()
                        + " in the encoder");
            } else {
                state.put(e.getKey(), t);
            }
        }
        if (!missing.isEmpty() || !shapes.isEmpty()) {
            List<String> problems = new ArrayList<>();
            if (!shapes.isEmpty()) {
                problems.add("shapes differ: " + String.join("; ", shapes));
            }
            if (!missing.isEmpty()) {
                problems.add("missing: " + missing);
            }
            throw new CheckpointException(source + " does not fit the encoder " + encoder.resnet() + " with "
                    + encoder.inChannels() + " input channels, nothing was loaded: " + String.join("; ", problems));
        }
        encoder.loadStateDict(state);
        Set<String> used = Set.copyOf(state.keySet().stream().map(n -> prefix + n).toList());
        List<String> ignored = file.keySet().stream().filter(n -> !used.contains(n)).toList();
        return new EncoderWeights(source, prefix, state.size(), ignored);
    }

    @Override
    public String toString() {
        return "loaded " + loaded + " encoder tensors from " + source + (prefix.isEmpty() ? "" : " (under '" + prefix
                + "')") + (ignored.isEmpty() ? "" : "; left alone " + ignored.size() + " other entries, e.g. "
                + ignored.subList(0, Math.min(3, ignored.size())));
    }
}
