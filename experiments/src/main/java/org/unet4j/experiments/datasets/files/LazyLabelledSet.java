package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;
import org.unet4j.experiments.datasets.SegmentationDataset;

/**
 * A training part too large to hold decoded: each image is decoded when a batch needs it, brought to the sample
 * size, kept in a bounded {@link SampleCache} and normalised on the way out. {@link #batches} returns the batches
 * lazily and decodes the next {@value #PREFETCH} batches on the decoding threads while the caller trains on the
 * current one. {@link #images()} and {@link #masks()} decode every sample into one tensor: only for small parts.
 * One sample per image: the tile policy needs the in-memory loader.
 */
public final class LazyLabelledSet implements SegmentationDataset {
    /** Batches decoded ahead of the one in use. */
    public static final int PREFETCH = 2;

    private final List<SampleFiles> samples;
    private final boolean rgb;
    private final SizePolicy size;
    private final Normalisation normalisation;
    private final SampleCache cache;
    private final ExecutorService pool;
    /** The targets made of the labels, or null for the binary masks {@code label > 0}. */
    private final TargetKind targets;

    LazyLabelledSet(List<SampleFiles> samples, boolean rgb, SizePolicy size, Normalisation normalisation,
            SampleCache cache, ExecutorService pool) {
        this(samples, rgb, size, normalisation, cache, pool, null);
    }

    private LazyLabelledSet(List<SampleFiles> samples, boolean rgb, SizePolicy size, Normalisation normalisation,
            SampleCache cache, ExecutorService pool, TargetKind targets) {
        requireOneSamplePerImage(size);
        this.targets = targets;
        this.samples = List.copyOf(samples);
        this.rgb = rgb;
        this.size = size;
        this.normalisation = normalisation;
        this.cache = cache;
        this.pool = pool;
    }

    /** The same samples, cache and threads, with {@code kind}'s {@link TargetKind#target}s as masks. */
    LazyLabelledSet withTargets(TargetKind kind) {
        return new LazyLabelledSet(samples, rgb, size, normalisation, cache, pool, kind);
    }

    /** Fails for the tile policy, which makes several samples of one image. */
    static void requireOneSamplePerImage(SizePolicy size) {
        if (size.mode() == SizePolicy.Mode.TILE) {
            throw new IllegalArgumentException("--fit tile makes several samples of one image, which only the"
                    + " in-memory loader handles; use --cache-mb 0, or --fit resize, crop or pad");
        }
    }

    /** The sized, not yet normalised sample {@code i}, from the cache or decoded now. */
    SizePolicy.Piece piece(int i) {
        SampleFiles s = samples.get(i);
        SizePolicy.Piece cached = cache.get(s.name());
        if (cached != null) {
            return cached;
        }
        try {
            SizePolicy.Piece piece = FolderDataset.decodeSized(s, rgb, size).pieces().get(0);
            cache.put(s.name(), piece);
            return piece;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int channels() {
        return rgb ? 3 : 1;
    }

    /** Samples {@code indices}, decoded in parallel, normalised. */
    Batch batch(int[] indices) {
        List<Future<SizePolicy.Piece>> futures = new ArrayList<>();
        for (int i : indices) {
            futures.add(pool.submit(() -> piece(i)));
        }
        int s = size.size();
        int plane = s * s;
        int c = channels();
        float[] images = new float[indices.length * c * plane];
        float[] masks = new float[indices.length * plane];
        for (int k = 0; k < indices.length; k++) {
            SizePolicy.Piece p = await(futures.get(k));
            System.arraycopy(p.image(), 0, images, k * c * plane, c * plane);
            for (int q = 0; q < plane; q++) {
                int label = p.labels()[q];
                masks[k * plane + q] = targets == null ? (label > 0 ? 1 : 0) : targets.target(label);
            }
        }
        return new Batch(normalisation.apply(Tensor.wrap(images, indices.length, c, s, s)),
                Tensor.wrap(masks, indices.length, 1, s, s), indices);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io;
            }
            throw new IllegalStateException("decoding failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        }
    }

    @Override
    public int count() {
        return samples.size();
    }

    /** Every sample decoded into one tensor (N x C x S x S, normalised): memory for the whole part. */
    @Override
    public Tensor images() {
        return batch(Batch.order(count(), null)).images();
    }

    /** Every mask (the {@link TargetKind#target}s of the labels, binary unless changed), N x 1 x S x S. */
    @Override
    public Tensor masks() {
        return batch(Batch.order(count(), null)).masks();
    }

    @Override
    public SegmentationDataset range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return select(indices);
    }

    @Override
    public SegmentationDataset select(int[] indices) {
        Batch b = batch(indices);
        return new org.unet4j.experiments.datasets.TensorDataset(b.images(), b.masks());
    }

    /** The batches, decoded when first asked for, the next {@link #PREFETCH} in the background. */
    @Override
    public List<Batch> batches(int batchSize, SplittableRandom shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        int[] order = Batch.order(count(), shuffle);
        int n = (order.length + batchSize - 1) / batchSize;
        return new AbstractList<>() {
            private final List<CompletableFuture<Batch>> pending = new ArrayList<>();

            private CompletableFuture<Batch> start(int b) {
                while (pending.size() <= b) {
                    pending.add(null);
                }
                if (pending.get(b) == null) {
                    int[] indices = java.util.Arrays.copyOfRange(order, b * batchSize,
                            Math.min(order.length, (b + 1) * batchSize));
                    pending.set(b, CompletableFuture.supplyAsync(() -> batch(indices)));
                }
                return pending.get(b);
            }

            @Override
            public synchronized Batch get(int b) {
                java.util.Objects.checkIndex(b, n);
                CompletableFuture<Batch> current = start(b);
                for (int ahead = 1; ahead <= PREFETCH && b + ahead < n; ahead++) {
                    start(b + ahead);
                }
                pending.set(b, null);
                try {
                    return current.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    @Override
    public String toString() {
        return "LazyLabelledSet[" + count() + " samples, " + size + ", " + cache + "]";
    }
}
