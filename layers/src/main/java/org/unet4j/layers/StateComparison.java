package org.unet4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.unet4j.autodiff.Tensor;

/** Compares a module's own state with a state to be loaded and says, in words, where they differ. */
final class StateComparison {
    private StateComparison() {
    }

    /**
     * Null when {@code found} has exactly the names of {@code expected} with equal shapes; otherwise a description
     * of the first name (in {@code expected}'s order) whose shapes differ, followed by every missing and every
     * unexpected name.
     */
    static String describeMismatch(Map<String, Tensor> expected, Map<String, Tensor> found) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor other = found.get(e.getKey());
            if (other != null && !other.shape().equals(e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + e.getValue().shape() + " in the module but "
                        + other.shape() + " in the state");
                break;
            }
        }
        List<String> missing = expected.keySet().stream().filter(k -> !found.containsKey(k)).toList();
        List<String> unexpected = found.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            problems.add("missing from the state: " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected in the state: " + unexpected);
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
