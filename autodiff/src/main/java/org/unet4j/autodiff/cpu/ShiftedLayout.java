package org.unet4j.autodiff.cpu;

/**
 * The input of a stride-1 image convolution laid out so that every kernel tap is one constant shift, cut into bands
 * of output rows that are computed independently.
 *
 * <p>The convolution runs on the <em>logical</em> planes of its {@link Planes}: {@code channels} input planes of
 * {@code inH x inW}, zero padding {@code padTop}, {@code padLeft} before (and whatever after makes the output
 * {@code outH x outW}), a {@code kH x kW} kernel with dilation {@code dH, dW}. Every output row is computed at
 * {@code width = outW + dW (kW - 1)} positions, the width of the padded input. Band {@code b} covers output rows
 * {@code r0 = b R} to {@code min(outH, r0 + R)}; its <em>positions</em> are {@code f = (r - r0) width + q}, of which
 * those with {@code q >= outW} are computed but not used. The band buffer holds the padded input rows from
 * {@code r0} on, one {@code plane} of rows per channel:
 * <pre>
 *   band[c plane + i width + u] = x[c, r0 + i - padTop, u - padLeft]     (0 outside x)
 *   y[o, r0 + i, q] = sum_{c, ky, kx} w[o, c, ky, kx] band[off(c, ky, kx) + f],   off = c plane + ky dH width + kx dW
 * </pre>
 * so the convolution is a sum of rows of the band read at fixed offsets, one per (channel, tap) <em>pair</em>
 * {@code j = c kH kW + ky kW + kx} (the order of the weight layout {@code [Cout, Cin, kH, kW]}). Position counts
 * are rounded up to a multiple of the caller's tile, and the planes are long enough for the last tile to read past
 * the last position at the largest offset.
 */
final class ShiftedLayout {
    /**
     * A sample's {@code channels} planes of {@code height x width} in a tensor, read as {@code phases^2} logical
     * planes each (space-to-depth): logical plane {@code (c, py, px)}, numbered {@code (c phases + py) phases + px},
     * is {@code x[c, phases u + py, phases v + px]} for {@code u < height / phases}, {@code v < width / phases}.
     * With one phase the logical planes are the planes.
     */
    record Planes(int channels, int height, int width, int phases) {
        int logicalChannels() {
            return channels * phases * phases;
        }

        int logicalHeight() {
            return height / phases;
        }

        int logicalWidth() {
            return width / phases;
        }

        /** Offset within a sample of element (logical plane {@code p}, logical row {@code u}, logical column 0). */
        int rowStart(int p, int u) {
            int c = p / (phases * phases);
            int py = (p / phases) % phases;
            int px = p % phases;
            return (c * height + phases * u + py) * width + px;
        }
    }

    private final Planes in;
    private final Planes out;
    private final int padTop;
    private final int padLeft;
    private final int width;
    private final int rowsPerBand;
    private final int tile;
    private final int plane;
    private final int pairs;
    private final int[] offsets;

    /**
     * The layout of a convolution from the logical planes of {@code in} to those of {@code out} whose bands hold
     * about {@code positionsPerBand} positions, with position counts rounded up to multiples of {@code tile} and
     * the pair offsets padded with zeros to a multiple of {@code pairBlock} entries.
     */
    ShiftedLayout(Planes in, int padTop, int padLeft, int kH, int kW, int dH, int dW, Planes out,
            int positionsPerBand, int tile, int pairBlock) {
        this.in = in;
        this.out = out;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.width = out.logicalWidth() + dW * (kW - 1);
        this.rowsPerBand = Math.min(out.logicalHeight(), Math.max(1, positionsPerBand / width));
        this.tile = tile;
        int reach = dH * (kH - 1) * width + dW * (kW - 1);
        int rows = (roundUp(rowsPerBand * width, tile) + reach + width - 1) / width;
        this.plane = rows * width;
        int taps = kH * kW;
        this.pairs = in.logicalChannels() * taps;
        this.offsets = new int[roundUp(pairs, pairBlock)];
        for (int j = 0; j < pairs; j++) {
            int t = j % taps;
            offsets[j] = (j / taps) * plane + (t / kW) * dH * width + (t % kW) * dW;
        }
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** Number of bands. */
    int bands() {
        return (out.logicalHeight() + rowsPerBand - 1) / rowsPerBand;
    }

    /** Values of a band buffer: one plane per logical input channel. */
    int bandLength() {
        return in.logicalChannels() * plane;
    }

    /** Most positions of a band: the stride between the channel rows of an output band. */
    int bandPositions() {
        return roundUp(rowsPerBand * width, tile);
    }

    /** Positions band {@code b} computes: its rows times the width, rounded up to the tile. */
    int positions(int b) {
        return roundUp(rows(b) * width, tile);
    }

    /** Output rows of band {@code b}. */
    int rows(int b) {
        return Math.min(rowsPerBand, out.logicalHeight() - b * rowsPerBand);
    }

    /** The first output row of band {@code b}. */
    int firstRow(int b) {
        return b * rowsPerBand;
    }

    /** Positions per band row: the padded input width, the distance between rows in the band. */
    int width() {
        return width;
    }

    /**
     * True when the output has one phase and its rows are a multiple of {@code multiple} long: then the products
     * can write (or read) output rows in place, the positions of an output row being {@code i width + q},
     * {@code q < outW}.
     */
    boolean rowsInPlace(int multiple) {
        return out.phases() == 1 && out.logicalWidth() % multiple == 0;
    }

    /** Length of an output row (of a logical plane). */
    int outputWidth() {
        return out.logicalWidth();
    }

    /** Distance between the output channel planes of a one-phase output. */
    int outputPlane() {
        return out.height() * out.width();
    }

    /** Offset within an output sample of output row {@code row} of logical channel {@code o}. */
    int outputAt(int o, int row) {
        return out.rowStart(o, row);
    }

    /** The offset of every (channel, tap) pair, padded with zeros to a multiple of the pair block. */
    int[] offsets() {
        return offsets;
    }

    /** Pairs without the padding: logical input channels times kernel taps. */
    int pairs() {
        return pairs;
    }

    /** Fills {@code band} with band {@code b} of the padded input of the sample that starts at {@code inAt}. */
    void fill(ConvolutionLane lane, Object x, int inAt, int b, Object band) {
        int r0 = b * rowsPerBand;
        int rows = plane / width;
        int step = in.phases();
        int inH = in.logicalHeight();
        int inW = in.logicalWidth();
        int rowStep = step * in.width();
        int first = Math.max(0, padTop - r0);
        int end = Math.max(first, Math.min(rows, inH + padTop - r0));
        for (int c = 0; c < in.logicalChannels(); c++) {
            int at = c * plane;
            lane.zero(band, at, at + first * width);
            int src = inAt + in.rowStart(c, r0 + first - padTop) - padLeft * step;
            for (int i = first; i < end; i++) {
                lane.gatherRow(x, src, step, band, at + i * width, padLeft, padLeft + inW, width);
                src += rowStep;
            }
            lane.zero(band, at + end * width, at + plane);
        }
    }

    /**
     * Writes the used positions of output band {@code b} (the rows of {@code count} logical channels,
     * {@code stride} apart in {@code rows}) to the sample of {@code y} that starts at {@code outAt}; the phases
     * {@code px} of a row of output phases interleave into one run of the output row.
     */
    void store(ConvolutionLane lane, Object rows, int stride, int count, int b, Object y, int outAt) {
        int r0 = b * rowsPerBand;
        int bandRows = rows(b);
        int outW = out.logicalWidth();
        int phases = out.phases();
        for (int o = 0; o < count; o += phases) {
            for (int i = 0; i < bandRows; i++) {
                lane.interleave(rows, o * stride + i * width, stride, phases, y, outAt + out.rowStart(o, r0 + i),
                        outW);
            }
        }
    }

    /**
     * The adjoint layout of {@link #store}: fills {@code count} rows of {@code stride} values of {@code rows} with
     * band {@code b} of the output sample at {@code gyAt}, zero at the unused positions and up to the stride, and
     * {@code blank} further rows with zeros.
     */
    void load(ConvolutionLane lane, Object gy, int gyAt, int count, int blank, int b, Object rows, int stride) {
        int r0 = b * rowsPerBand;
        int bandRows = rows(b);
        int outW = out.logicalWidth();
        for (int o = 0; o < count; o++) {
            for (int i = 0; i < bandRows; i++) {
                lane.gatherRow(gy, gyAt + out.rowStart(o, r0 + i), out.phases(), rows, o * stride + i * width, 0,
                        outW, width);
            }
            lane.zero(rows, o * stride + bandRows * width, (o + 1) * stride);
        }
        lane.zero(rows, count * stride, (count + blank) * stride);
    }
}
