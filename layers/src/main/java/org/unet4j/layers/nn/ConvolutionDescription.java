package org.unet4j.layers.nn;

import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Padding;

/** The configuration line of a convolution layer, naming only what differs from the defaults. */
final class ConvolutionDescription {
    private ConvolutionDescription() {
    }

    static String of(int in, int out, int kernelH, int kernelW, Conv2dOptions options, boolean bias) {
        StringBuilder s = new StringBuilder().append(in).append(" -> ").append(out).append(", kernel ")
                .append(kernelH).append('x').append(kernelW);
        appendPair(s, "stride", options.stride(), 1);
        Padding padding = options.padding();
        if (padding.mode() == Padding.Mode.SAME) {
            s.append(", padding same");
        } else if (padding.mode() == Padding.Mode.EXPLICIT) {
            int[] p = padding.resolve(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
            s.append(", padding ");
            if (p[0] == p[1] && p[1] == p[2] && p[2] == p[3]) {
                s.append(p[0]);
            } else if (p[0] == p[1] && p[2] == p[3]) {
                s.append(p[0]).append('x').append(p[2]);
            } else {
                s.append("top ").append(p[0]).append(" bottom ").append(p[1]).append(" left ").append(p[2])
                        .append(" right ").append(p[3]);
            }
        }
        appendPair(s, "dilation", options.dilation(), 1);
        if (options.groups() != 1) {
            s.append(", groups ").append(options.groups());
        }
        appendPair(s, "output padding", options.outputPadding(), 0);
        if (!bias) {
            s.append(", no bias");
        }
        return s.toString();
    }

    private static void appendPair(StringBuilder s, String name, int[] hw, int defaultValue) {
        if (hw[0] == defaultValue && hw[1] == defaultValue) {
            return;
        }
        s.append(", ").append(name).append(' ').append(hw[0]);
        if (hw[1] != hw[0]) {
            s.append('x').append(hw[1]);
        }
    }
}
