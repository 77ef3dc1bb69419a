package org.unet4j.experiments.datasets;

/** Resizing and cutting of row-major, channel-planar float images. */
final class Resampling {
    private Resampling() {
    }

    /** Bilinear resize of {@code channels} planes of {@code h x w} to {@code outH x outW} (pixel-centre aligned). */
    static float[] bilinear(float[] in, int channels, int h, int w, int outH, int outW) {
        float[] out = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outH; y++) {
                double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / outH - 0.5));
                int y0 = (int) sy;
                int y1 = Math.min(h - 1, y0 + 1);
                double fy = sy - y0;
                for (int x = 0; x < outW; x++) {
                    double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / outW - 0.5));
                    int x0 = (int) sx;
                    int x1 = Math.min(w - 1, x0 + 1);
                    double fx = sx - x0;
                    int base = c * h * w;
                    double top = (1 - fx) * in[base + y0 * w + x0] + fx * in[base + y0 * w + x1];
                    double bottom = (1 - fx) * in[base + y1 * w + x0] + fx * in[base + y1 * w + x1];
                    out[(c * outH + y) * outW + x] = (float) ((1 - fy) * top + fy * bottom);
                }
            }
        }
        return out;
    }

    /** Nearest-neighbour resize of one {@code h x w} plane. */
    static float[] nearest(float[] in, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / outH));
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = in[sy * w + Math.min(w - 1, (int) ((x + 0.5) * w / outW))];
            }
        }
        return out;
    }

    /** The {@code th x tw} window at ({@code top}, {@code left}) of each of {@code channels} planes. */
    static float[] cut(float[] in, int channels, int h, int w, int top, int left, int th, int tw) {
        float[] out = new float[channels * th * tw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < th; y++) {
                System.arraycopy(in, (c * h + top + y) * w + left, out, (c * th + y) * tw, tw);
            }
        }
        return out;
    }
}
