package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One pass over a training part that will be decoded on demand: every image is decoded in parallel and sized once,
 * to fill the {@link SampleCache} as far as its budget goes, to sum the pixels per channel for the
 * {@link Normalisation}, to count the foreground and to summarise each sample for the {@link DatasetCard} (no pixels
 * kept in the summaries). A progress bar shows the pass when a stream is given.
 *
 * @param summaries     one pixel-free summary per sample
 * @param normalisation the part's per-channel statistics
 * @param foreground    the part's fraction of foreground pixels
 * @param cache         the filled cache
 * @param pool          the decoding threads, kept for the batches
 */
record FirstPass(List<FolderDataset.Decoded> summaries, Normalisation normalisation, double foreground,
        SampleCache cache, ExecutorService pool) {

    /** One sample's contribution. */
    private record Part(FolderDataset.Decoded summary, double[] sums, double[] squares, long foreground,
            long pixels) {
    }

    static FirstPass run(List<SampleFiles> samples, FolderDataset.Request request) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, request.threads()), r -> {
            Thread t = new Thread(r, "unet4j-decode");
            t.setDaemon(true);
            return t;
        });
        SampleCache cache = new SampleCache(request.cacheBytes());
        int channels = request.rgb() ? 3 : 1;
        List<Future<Part>> futures = new ArrayList<>();
        for (SampleFiles s : samples) {
            futures.add(pool.submit(() -> part(s, request, cache)));
        }
        double[] sums = new double[channels];
        double[] squares = new double[channels];
        long foreground = 0;
        long pixels = 0;
        List<FolderDataset.Decoded> summaries = new ArrayList<>();
        try (ProgressBar bar = request.progress() == null ? null : new ProgressBarBuilder()
                .setTaskName("decoding " + samples.size() + " training images").setInitialMax(samples.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(request.progress(), 100))
                .clearDisplayOnFinish().build()) {
            for (Future<Part> f : futures) {
                Part p = f.get();
                for (int c = 0; c < channels; c++) {
                    sums[c] += p.sums()[c];
                    squares[c] += p.squares()[c];
                }
                foreground += p.foreground();
                pixels += p.pixels();
                summaries.add(p.summary());
                if (bar != null) {
                    bar.step();
                }
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding images", e);
        }
        return new FirstPass(summaries, Normalisation.fromSums(sums, squares, pixels),
                pixels == 0 ? 0 : (double) foreground / pixels, cache, pool);
    }

    private static Part part(SampleFiles s, FolderDataset.Request request, SampleCache cache) throws IOException {
        FolderDataset.Sized sized = FolderDataset.decodeSized(s, request.rgb(), request.size());
        FolderDataset.Decoded d = sized.summary();
        SizePolicy.Piece piece = sized.pieces().get(0);
        cache.put(s.name(), piece);
        int plane = request.size().size() * request.size().size();
        double[] sums = new double[d.channels()];
        double[] squares = new double[d.channels()];
        for (int c = 0; c < d.channels(); c++) {
            for (int p = 0; p < plane; p++) {
                double v = piece.image()[c * plane + p];
                sums[c] += v;
                squares[c] += v * v;
            }
        }
        long foreground = 0;
        for (int label : piece.labels()) {
            foreground += label > 0 ? 1 : 0;
        }
        return new Part(d, sums, squares, foreground, plane);
    }
}
