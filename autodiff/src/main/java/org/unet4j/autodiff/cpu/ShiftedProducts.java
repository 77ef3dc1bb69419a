package org.unet4j.autodiff.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products of a direct convolution on a {@link ShiftedLayout} band, where every (input channel, kernel tap)
 * pair {@code j} is one row of the band read at a fixed offset {@code off[j]}: {@code S_j[f] = band[off[j] + f]}.
 * For a block of {@code rows} channels ({@value #MAX_ROWS} or {@value #MIN_ROWS}: the channel counts of U-Nets are
 * multiples of one of them), with {@code w} packed per block ({@code w[j rows + i]} the weight of channel {@code i}
 * of the block for pair {@code j}):
 * <pre>
 *   mix         out[i][f]  = bias[i] + sum_j w[j rows + i] S_j[f]         (the forward pass and the input gradient)
 *   correlate   acc[i][v] += sum_f g[i][f] S_{j0 + v}[f]                  (the weight gradient)
 * </pre>
 * for the channels {@code i} of a block and, in {@code correlate}, {@value #PAIRS} consecutive pairs {@code v}; the
 * positions f of {@code mix} are one run, those of {@code correlate} {@code count} runs of {@code length}, each with
 * its own start in g and in the band. The float32 forms hold the block in vector registers: {@code mix} a tile of
 * {@code rows} channels by {@link #FLOAT_TILE} positions (then single vectors for the rest), summing over the pairs
 * with one broadcast weight per channel and pair and one shifted load per vector and pair; {@code correlate}
 * {@code rows} channels by {@value #PAIRS} pairs, each accumulator a vector of partial sums over the positions
 * congruent modulo the vector length, kept in {@code acc} between calls and added across lanes only at the end by
 * the caller. The float64 forms are plain loops in the same order of pairs, the verification path.
 */
final class ShiftedProducts {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** The larger channel block. */
    static final int MAX_ROWS = 4;
    /** The smaller channel block. */
    static final int MIN_ROWS = 3;
    /** Pairs per correlate block. */
    static final int PAIRS = 4;
    /** Positions per float32 mix tile: four vectors. */
    static final int FLOAT_TILE = 4 * L;
    /** The float32 vector length: position counts are multiples of it, and it is the lanes of an accumulator. */
    static final int FLOAT_LANES = L;

    private ShiftedProducts() {
    }

    /**
     * {@code out[outAt + i outStride + f] = bias[biasAt + i] + sum_{j < pairs} w[wAt + j rows + i]
     * band[bandAt + off[j] + f]} for the block's channels i below {@code rows} and the positions f below
     * {@code positions}, a multiple of {@link #FLOAT_LANES}.
     */
    static void mix(int rows, float[] band, int bandAt, int[] off, int pairs, float[] w, int wAt, float[] bias,
            int biasAt, float[] out, int outAt, int outStride, int positions) {
        if (rows == MAX_ROWS) {
            mix4(band, bandAt, off, pairs, w, wAt, bias, biasAt, out, outAt, outStride, positions);
        } else {
            mix3(band, bandAt, off, pairs, w, wAt, bias, biasAt, out, outAt, outStride, positions);
        }
    }

    /**
     * {@code acc[accAt + (i PAIRS + v) FLOAT_LANES + l] += sum_{r < count} sum_{f < length, f = l mod L}
     * g[gAt + i gStride + r gRowStride + f] band[off[j0 + v] + r bandRowStride + f]} for the block's channels i below
     * {@code rows}; {@code length} is a multiple of {@link #FLOAT_LANES}.
     */
    static void correlate(int rows, float[] g, int gAt, int gStride, int gRowStride, float[] band, int bandRowStride,
            int[] off, int j0, float[] acc, int accAt, int count, int length) {
        if (rows == MAX_ROWS) {
            correlate4(g, gAt, gStride, gRowStride, band, bandRowStride, off, j0, acc, accAt, count, length);
        } else {
            correlate3(g, gAt, gStride, gRowStride, band, bandRowStride, off, j0, acc, accAt, count, length);
        }
    }

    /** {@code mix} of four channels. */
    private static void mix4(float[] band, int bandAt, int[] off, int pairs, float[] w, int wAt, float[] bias,
            int biasAt, float[] out, int outAt, int outStride, int positions) {
        FloatVector b0 = FloatVector.broadcast(F, bias[biasAt]);
        FloatVector b1 = FloatVector.broadcast(F, bias[biasAt + 1]);
        FloatVector b2 = FloatVector.broadcast(F, bias[biasAt + 2]);
        FloatVector b3 = FloatVector.broadcast(F, bias[biasAt + 3]);
        int f = 0;
        for (; f <= positions - FLOAT_TILE; f += FLOAT_TILE) {
            FloatVector a00 = b0, a01 = b0, a02 = b0, a03 = b0;
            FloatVector a10 = b1, a11 = b1, a12 = b1, a13 = b1;
            FloatVector a20 = b2, a21 = b2, a22 = b2, a23 = b2;
            FloatVector a30 = b3, a31 = b3, a32 = b3, a33 = b3;
            for (int j = 0; j < pairs; j++) {
                int at = bandAt + off[j] + f;
                FloatVector x0 = FloatVector.fromArray(F, band, at);
                FloatVector x1 = FloatVector.fromArray(F, band, at + L);
                FloatVector x2 = FloatVector.fromArray(F, band, at + 2 * L);
                FloatVector x3 = FloatVector.fromArray(F, band, at + 3 * L);
                int k = wAt + j * MAX_ROWS;
                FloatVector c = FloatVector.broadcast(F, w[k]);
                a00 = x0.fma(c, a00);
                a01 = x1.fma(c, a01);
                a02 = x2.fma(c, a02);
                a03 = x3.fma(c, a03);
                c = FloatVector.broadcast(F, w[k + 1]);
                a10 = x0.fma(c, a10);
                a11 = x1.fma(c, a11);
                a12 = x2.fma(c, a12);
                a13 = x3.fma(c, a13);
                c = FloatVector.broadcast(F, w[k + 2]);
                a20 = x0.fma(c, a20);
                a21 = x1.fma(c, a21);
                a22 = x2.fma(c, a22);
                a23 = x3.fma(c, a23);
                c = FloatVector.broadcast(F, w[k + 3]);
                a30 = x0.fma(c, a30);
                a31 = x1.fma(c, a31);
                a32 = x2.fma(c, a32);
                a33 = x3.fma(c, a33);
            }
            int r0 = outAt + f;
            int r1 = r0 + outStride;
            int r2 = r1 + outStride;
            int r3 = r2 + outStride;
            a00.intoArray(out, r0);
            a01.intoArray(out, r0 + L);
            a02.intoArray(out, r0 + 2 * L);
            a03.intoArray(out, r0 + 3 * L);
            a10.intoArray(out, r1);
            a11.intoArray(out, r1 + L);
            a12.intoArray(out, r1 + 2 * L);
            a13.intoArray(out, r1 + 3 * L);
            a20.intoArray(out, r2);
            a21.intoArray(out, r2 + L);
            a22.intoArray(out, r2 + 2 * L);
            a23.intoArray(out, r2 + 3 * L);
            a30.intoArray(out, r3);
            a31.intoArray(out, r3 + L);
            a32.intoArray(out, r3 + 2 * L);
            a33.intoArray(out, r3 + 3 * L);
        }
        for (; f < positions; f += L) {
            FloatVector a0 = b0;
            FloatVector a1 = b1;
            FloatVector a2 = b2;
            FloatVector a3 = b3;
            for (int j = 0; j < pairs; j++) {
                FloatVector x = FloatVector.fromArray(F, band, bandAt + off[j] + f);
                int k = wAt + j * MAX_ROWS;
                a0 = x.fma(FloatVector.broadcast(F, w[k]), a0);
                a1 = x.fma(FloatVector.broadcast(F, w[k + 1]), a1);
                a2 = x.fma(FloatVector.broadcast(F, w[k + 2]), a2);
                a3 = x.fma(FloatVector.broadcast(F, w[k + 3]), a3);
            }
            a0.intoArray(out, outAt + f);
            a1.intoArray(out, outAt + outStride + f);
            a2.intoArray(out, outAt + 2 * outStride + f);
            a3.intoArray(out, outAt + 3 * outStride + f);
        }
    }

    /** {@code mix} of three channels. */
    private static void mix3(float[] band, int bandAt, int[] off, int pairs, float[] w, int wAt, float[] bias,
            int biasAt, float[] out, int outAt, int outStride, int positions) {
        FloatVector b0 = FloatVector.broadcast(F, bias[biasAt]);
        FloatVector b1 = FloatVector.broadcast(F, bias[biasAt + 1]);
        FloatVector b2 = FloatVector.broadcast(F, bias[biasAt + 2]);
        int f = 0;
        for (; f <= positions - FLOAT_TILE; f += FLOAT_TILE) {
            FloatVector a00 = b0, a01 = b0, a02 = b0, a03 = b0;
            FloatVector a10 = b1, a11 = b1, a12 = b1, a13 = b1;
            FloatVector a20 = b2, a21 = b2, a22 = b2, a23 = b2;
            for (int j = 0; j < pairs; j++) {
                int at = bandAt + off[j] + f;
                FloatVector x0 = FloatVector.fromArray(F, band, at);
                FloatVector x1 = FloatVector.fromArray(F, band, at + L);
                FloatVector x2 = FloatVector.fromArray(F, band, at + 2 * L);
                FloatVector x3 = FloatVector.fromArray(F, band, at + 3 * L);
                int k = wAt + j * MIN_ROWS;
                FloatVector c = FloatVector.broadcast(F, w[k]);
                a00 = x0.fma(c, a00);
                a01 = x1.fma(c, a01);
                a02 = x2.fma(c, a02);
                a03 = x3.fma(c, a03);
                c = FloatVector.broadcast(F, w[k + 1]);
                a10 = x0.fma(c, a10);
                a11 = x1.fma(c, a11);
                a12 = x2.fma(c, a12);
                a13 = x3.fma(c, a13);
                c = FloatVector.broadcast(F, w[k + 2]);
                a20 = x0.fma(c, a20);
                a21 = x1.fma(c, a21);
                a22 = x2.fma(c, a22);
                a23 = x3.fma(c, a23);
            }
            int r0 = outAt + f;
            int r1 = r0 + outStride;
            int r2 = r1 + outStride;
            a00.intoArray(out, r0);
            a01.intoArray(out, r0 + L);
            a02.intoArray(out, r0 + 2 * L);
            a03.intoArray(out, r0 + 3 * L);
            a10.intoArray(out, r1);
            a11.intoArray(out, r1 + L);
            a12.intoArray(out, r1 + 2 * L);
            a13.intoArray(out, r1 + 3 * L);
            a20.intoArray(out, r2);
            a21.intoArray(out, r2 + L);
            a22.intoArray(out, r2 + 2 * L);
            a23.intoArray(out, r2 + 3 * L);
        }
        for (; f < positions; f += L) {
            FloatVector a0 = b0;
            FloatVector a1 = b1;
            FloatVector a2 = b2;
            for (int j = 0; j < pairs; j++) {
                FloatVector x = FloatVector.fromArray(F, band, bandAt + off[j] + f);
                int k = wAt + j * MIN_ROWS;
                a0 = x.fma(FloatVector.broadcast(F, w[k]), a0);
                a1 = x.fma(FloatVector.broadcast(F, w[k + 1]), a1);
                a2 = x.fma(FloatVector.broadcast(F, w[k + 2]), a2);
            }
            a0.intoArray(out, outAt + f);
            a1.intoArray(out, outAt + outStride + f);
            a2.intoArray(out, outAt + 2 * outStride + f);
        }
    }

    /** {@code correlate} of four channels. */
    private static void correlate4(float[] g, int gAt, int gStride, int gRowStride, float[] band, int bandRowStride,
            int[] off, int j0, float[] acc, int accAt, int count, int length) {
        FloatVector a00 = FloatVector.fromArray(F, acc, accAt);
        FloatVector a01 = FloatVector.fromArray(F, acc, accAt + L);
        FloatVector a02 = FloatVector.fromArray(F, acc, accAt + 2 * L);
        FloatVector a03 = FloatVector.fromArray(F, acc, accAt + 3 * L);
        FloatVector a10 = FloatVector.fromArray(F, acc, accAt + 4 * L);
        FloatVector a11 = FloatVector.fromArray(F, acc, accAt + 5 * L);
        FloatVector a12 = FloatVector.fromArray(F, acc, accAt + 6 * L);
        FloatVector a13 = FloatVector.fromArray(F, acc, accAt + 7 * L);
        FloatVector a20 = FloatVector.fromArray(F, acc, accAt + 8 * L);
        FloatVector a21 = FloatVector.fromArray(F, acc, accAt + 9 * L);
        FloatVector a22 = FloatVector.fromArray(F, acc, accAt + 10 * L);
        FloatVector a23 = FloatVector.fromArray(F, acc, accAt + 11 * L);
        FloatVector a30 = FloatVector.fromArray(F, acc, accAt + 12 * L);
        FloatVector a31 = FloatVector.fromArray(F, acc, accAt + 13 * L);
        FloatVector a32 = FloatVector.fromArray(F, acc, accAt + 14 * L);
        FloatVector a33 = FloatVector.fromArray(F, acc, accAt + 15 * L);
        int s0 = off[j0];
        int s1 = off[j0 + 1];
        int s2 = off[j0 + 2];
        int s3 = off[j0 + 3];
        int gp = gAt;
        int bp = 0;
        int end = length;
        int steps = count * (length / L);
        for (int k = 0; k < steps; k++) {
            FloatVector x0 = FloatVector.fromArray(F, band, s0 + bp);
            FloatVector x1 = FloatVector.fromArray(F, band, s1 + bp);
            FloatVector x2 = FloatVector.fromArray(F, band, s2 + bp);
            FloatVector x3 = FloatVector.fromArray(F, band, s3 + bp);
            FloatVector c = FloatVector.fromArray(F, g, gp);
            a00 = c.fma(x0, a00);
            a01 = c.fma(x1, a01);
            a02 = c.fma(x2, a02);
            a03 = c.fma(x3, a03);
            c = FloatVector.fromArray(F, g, gp + gStride);
            a10 = c.fma(x0, a10);
            a11 = c.fma(x1, a11);
            a12 = c.fma(x2, a12);
            a13 = c.fma(x3, a13);
            c = FloatVector.fromArray(F, g, gp + 2 * gStride);
            a20 = c.fma(x0, a20);
            a21 = c.fma(x1, a21);
            a22 = c.fma(x2, a22);
            a23 = c.fma(x3, a23);
            c = FloatVector.fromArray(F, g, gp + 3 * gStride);
            a30 = c.fma(x0, a30);
            a31 = c.fma(x1, a31);
            a32 = c.fma(x2, a32);
            a33 = c.fma(x3, a33);
            gp += L;
            bp += L;
            if (bp == end) {
                gp += gRowStride - length;
                bp += bandRowStride - length;
                end = bp + length;
            }
        }
        a00.intoArray(acc, accAt);
        a01.intoArray(acc, accAt + L);
        a02.intoArray(acc, accAt + 2 * L);
        a03.intoArray(acc, accAt + 3 * L);
        a10.intoArray(acc, accAt + 4 * L);
        a11.intoArray(acc, accAt + 5 * L);
        a12.intoArray(acc, accAt + 6 * L);
        a13.intoArray(acc, accAt + 7 * L);
        a20.intoArray(acc, accAt + 8 * L);
        a21.intoArray(acc, accAt + 9 * L);
        a22.intoArray(acc, accAt + 10 * L);
        a23.intoArray(acc, accAt + 11 * L);
        a30.intoArray(acc, accAt + 12 * L);
        a31.intoArray(acc, accAt + 13 * L);
        a32.intoArray(acc, accAt + 14 * L);
        a33.intoArray(acc, accAt + 15 * L);
    }

    /** {@code correlate} of three channels. */
    private static void correlate3(float[] g, int gAt, int gStride, int gRowStride, float[] band, int bandRowStride,
            int[] off, int j0, float[] acc, int accAt, int count, int length) {
        FloatVector a00 = FloatVector.fromArray(F, acc, accAt);
        FloatVector a01 = FloatVector.fromArray(F, acc, accAt + L);
        FloatVector a02 = FloatVector.fromArray(F, acc, accAt + 2 * L);
        FloatVector a03 = FloatVector.fromArray(F, acc, accAt + 3 * L);
        FloatVector a10 = FloatVector.fromArray(F, acc, accAt + 4 * L);
        FloatVector a11 = FloatVector.fromArray(F, acc, accAt + 5 * L);
        FloatVector a12 = FloatVector.fromArray(F, acc, accAt + 6 * L);
        FloatVector a13 = FloatVector.fromArray(F, acc, accAt + 7 * L);
        FloatVector a20 = FloatVector.fromArray(F, acc, accAt + 8 * L);
        FloatVector a21 = FloatVector.fromArray(F, acc, accAt + 9 * L);
        FloatVector a22 = FloatVector.fromArray(F, acc, accAt + 10 * L);
        FloatVector a23 = FloatVector.fromArray(F, acc, accAt + 11 * L);
        int s0 = off[j0];
        int s1 = off[j0 + 1];
        int s2 = off[j0 + 2];
        int s3 = off[j0 + 3];
        int gp = gAt;
        int bp = 0;
        int end = length;
        int steps = count * (length / L);
        for (int k = 0; k < steps; k++) {
            FloatVector x0 = FloatVector.fromArray(F, band, s0 + bp);
            FloatVector x1 = FloatVector.fromArray(F, band, s1 + bp);
            FloatVector x2 = FloatVector.fromArray(F, band, s2 + bp);
            FloatVector x3 = FloatVector.fromArray(F, band, s3 + bp);
            FloatVector c = FloatVector.fromArray(F, g, gp);
            a00 = c.fma(x0, a00);
            a01 = c.fma(x1, a01);
            a02 = c.fma(x2, a02);
            a03 = c.fma(x3, a03);
            c = FloatVector.fromArray(F, g, gp + gStride);
            a10 = c.fma(x0, a10);
            a11 = c.fma(x1, a11);
            a12 = c.fma(x2, a12);
            a13 = c.fma(x3, a13);
            c = FloatVector.fromArray(F, g, gp + 2 * gStride);
            a20 = c.fma(x0, a20);
            a21 = c.fma(x1, a21);
            a22 = c.fma(x2, a22);
            a23 = c.fma(x3, a23);
            gp += L;
            bp += L;
            if (bp == end) {
                gp += gRowStride - length;
                bp += bandRowStride - length;
                end = bp + length;
            }
        }
        a00.intoArray(acc, accAt);
        a01.intoArray(acc, accAt + L);
        a02.intoArray(acc, accAt + 2 * L);
        a03.intoArray(acc, accAt + 3 * L);
        a10.intoArray(acc, accAt + 4 * L);
        a11.intoArray(acc, accAt + 5 * L);
        a12.intoArray(acc, accAt + 6 * L);
        a13.intoArray(acc, accAt + 7 * L);
        a20.intoArray(acc, accAt + 8 * L);
        a21.intoArray(acc, accAt + 9 * L);
        a22.intoArray(acc, accAt + 10 * L);
        a23.intoArray(acc, accAt + 11 * L);
    }

    /** The float64 {@code mix}, for any number of positions. */
    static void mix(int rows, double[] band, int bandAt, int[] off, int pairs, double[] w, int wAt, double[] bias,
            int biasAt, double[] out, int outAt, int outStride, int positions) {
        for (int i = 0; i < rows; i++) {
            int row = outAt + i * outStride;
            for (int f = 0; f < positions; f++) {
                double s = bias[biasAt + i];
                for (int j = 0; j < pairs; j++) {
                    s += w[wAt + j * rows + i] * band[bandAt + off[j] + f];
                }
                out[row + f] = s;
            }
        }
    }

    /** The float64 {@code correlate}: one lane, {@code acc[accAt + i PAIRS + v]}, for any run length. */
    static void correlate(int rows, double[] g, int gAt, int gStride, int gRowStride, double[] band, int bandRowStride,
            int[] off, int j0, double[] acc, int accAt, int count, int length) {
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < PAIRS; v++) {
                double s = acc[accAt + i * PAIRS + v];
                for (int r = 0; r < count; r++) {
                    int gRow = gAt + i * gStride + r * gRowStride;
                    int bRow = off[j0 + v] + r * bandRowStride;
                    for (int f = 0; f < length; f++) {
                        s += g[gRow + f] * band[bRow + f];
                    }
                }
                acc[accAt + i * PAIRS + v] = s;
            }
        }
    }
}
