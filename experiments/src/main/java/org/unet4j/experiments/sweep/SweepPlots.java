package org.unet4j.experiments.sweep;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.stats.SeedSummary;

/** The plots of a sweep: a box plot over seeds per configuration, and mean learning curves with a ±sd band. */
final class SweepPlots {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SweepPlots() {
    }

    /** One box per configuration of {@code metric}'s values over its seeds. */
    static void boxPlot(Path file, String metric, Map<String, double[]> byConfiguration) throws IOException {
        BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT).title(metric + " over seeds")
                .yAxisTitle(metric).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        byConfiguration.forEach((configuration, values) -> chart.addSeries(configuration, values));
        AtomicFiles.writePng(file, BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * The mean of {@code column} over seeds against epochs, one line per configuration with a band of ± one
     * standard deviation; each configuration's curves are cut to its shortest seed.
     *
     * @param curves configuration to one curve per seed
     */
    static void learningCurves(Path file, String title, String column, Map<String, List<double[]>> curves)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(column + " (mean ± sd over seeds)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        int index = 0;
        for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
            int epochs = e.getValue().stream().mapToInt(c -> c.length).min().orElse(0);
            if (epochs == 0) {
                continue;
            }
            double[] x = new double[epochs];
            double[] mean = new double[epochs];
            double[] low = new double[epochs];
            double[] high = new double[epochs];
            for (int i = 0; i < epochs; i++) {
                int epoch = i;
                SeedSummary s = SeedSummary.of(e.getValue().stream().mapToDouble(c -> c[epoch]).toArray());
                double sd = Double.isNaN(s.sd()) ? 0 : s.sd();
                x[i] = i + 1;
                mean[i] = s.mean();
                low[i] = s.mean() - sd;
                high[i] = s.mean() + sd;
            }
            Color color = COLORS[index++ % COLORS.length];
            double[] bandX = new double[2 * epochs];
            double[] bandY = new double[2 * epochs];
            for (int i = 0; i < epochs; i++) {
                bandX[i] = x[i];
                bandY[i] = high[i];
                bandX[2 * epochs - 1 - i] = x[i];
                bandY[2 * epochs - 1 - i] = low[i];
            }
            XYSeries band = chart.addSeries(e.getKey() + " ± sd", bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            XYSeries line = chart.addSeries(e.getKey(), x, mean);
            line.setLineColor(color);
            line.setMarker(SeriesMarkers.NONE);
        }
        AtomicFiles.writePng(file, BitmapEncoder.getBufferedImage(chart));
    }
}
