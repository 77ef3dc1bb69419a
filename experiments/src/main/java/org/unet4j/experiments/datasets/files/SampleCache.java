package org.unet4j.experiments.datasets.files;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used cache of sized samples (image planes and labels, before normalisation), by sample
 * name: entries are evicted, oldest use first, once their bytes (4 per float or int) exceed the budget. Thread-safe.
 */
final class SampleCache {
    private final long budgetBytes;
    private final LinkedHashMap<String, SizePolicy.Piece> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    SampleCache(long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("the cache needs a positive budget, got " + budgetBytes + " bytes");
        }
        this.budgetBytes = budgetBytes;
    }

    private static long bytesOf(SizePolicy.Piece piece) {
        return 4L * (piece.image().length + piece.labels().length);
    }

    synchronized SizePolicy.Piece get(String name) {
        SizePolicy.Piece piece = entries.get(name);
        if (piece == null) {
            misses++;
        } else {
            hits++;
        }
        return piece;
    }

    synchronized void put(String name, SizePolicy.Piece piece) {
        SizePolicy.Piece old = entries.put(name, piece);
        bytes += bytesOf(piece) - (old == null ? 0 : bytesOf(old));
        var oldest = entries.entrySet().iterator();
        while (bytes > budgetBytes && oldest.hasNext()) {
            Map.Entry<String, SizePolicy.Piece> e = oldest.next();
            bytes -= bytesOf(e.getValue());
            oldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized String toString() {
        return String.format(java.util.Locale.ROOT, "SampleCache[%d samples, %.1f of %.1f MiB, %d hits, %d misses]",
                entries.size(), bytes / 1048576.0, budgetBytes / 1048576.0, hits, misses);
    }
}
