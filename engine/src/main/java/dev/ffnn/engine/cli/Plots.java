package dev.ffnn.engine.cli;

import dev.ffnn.engine.data.Standardizer;
import dev.ffnn.engine.io.AtomicFiles;
import dev.ffnn.engine.math.Matrix;
import dev.ffnn.engine.nn.Metrics;
import dev.ffnn.engine.nn.Network;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNGs of {@code --plot DIR}, drawn with XChart (headless); each written to a temporary file then moved. */
final class Plots {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    };

    private Plots() {
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Loss per epoch, on a log scale when it spans more than a decade. */
    static Path lossCurve(double[] losses, String title, Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss E").build();
        style(chart);
        double[] epochs = new double[losses.length];
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < losses.length; i++) {
            epochs[i] = i + 1;
            min = Math.min(min, losses[i]);
            max = Math.max(max, losses[i]);
        }
        chart.getStyler().setYAxisLogarithmic(min > 0 && max / min > 10);
        XYSeries s = chart.addSeries("training loss", epochs, losses);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(PALETTE[0]);
        return save(chart, dir.resolve("loss.png"));
    }

    /**
     * The fitted curve over the whole x range (and a little beyond), train and test points, and the
     * extrapolation zone (x beyond the last training point) shaded.
     */
    static Path regressionFit(Network net, Standardizer scaler, Matrix trainX, Matrix trainY, Matrix testX,
                              Matrix testY, Path dir) throws IOException {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        double trainHi = -Double.MAX_VALUE;
        double yLo = Double.MAX_VALUE;
        double yHi = -Double.MAX_VALUE;
        for (Matrix[] xy : new Matrix[][] {{trainX, trainY}, {testX, testY}}) {
            for (int i = 0; i < xy[0].rows(); i++) {
                lo = Math.min(lo, xy[0].get(i, 0));
                hi = Math.max(hi, xy[0].get(i, 0));
                yLo = Math.min(yLo, xy[1].get(i, 0));
                yHi = Math.max(yHi, xy[1].get(i, 0));
            }
        }
        for (int i = 0; i < trainX.rows(); i++) {
            trainHi = Math.max(trainHi, trainX.get(i, 0));
        }
        double pad = 0.05 * (hi - lo);
        int points = 400;
        Matrix grid = new Matrix(points, 1);
        for (int i = 0; i < points; i++) {
            grid.set(i, 0, lo - pad + (hi - lo + 2 * pad) * i / (points - 1));
        }
        Matrix fit = net.predict(scaler.apply(grid));
        for (int i = 0; i < points; i++) {
            yLo = Math.min(yLo, fit.get(i, 0));
            yHi = Math.max(yHi, fit.get(i, 0));
        }
        double yPad = 0.08 * (yHi - yLo);

        XYChart chart = new XYChartBuilder().width(900).height(550)
                .title("Regression: fit, and extrapolation beyond the training range").xAxisTitle("x").yAxisTitle("y").build();
        style(chart);
        chart.getStyler().setYAxisMin(yLo - yPad).setYAxisMax(yHi + yPad);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        // The shaded zone: a rectangle from the last training x to the right edge, full height.
        double bottom = yLo - yPad;
        double top = yHi + yPad;
        XYSeries zone = chart.addSeries("extrapolation (x > last training x)",
                new double[] {trainHi, trainHi, hi + pad, hi + pad, trainHi},
                new double[] {bottom, top, top, bottom, bottom});
        zone.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        zone.setFillColor(new Color(255, 140, 0, 45));
        zone.setLineColor(new Color(255, 140, 0, 0));
        zone.setMarker(SeriesMarkers.NONE);
        XYSeries train = chart.addSeries("train", column(trainX), column(trainY));
        scatter(train, PALETTE[0], SeriesMarkers.CIRCLE);
        if (testX.rows() > 0) {
            XYSeries test = chart.addSeries("test (held out)", column(testX), column(testY));
            scatter(test, PALETTE[3], SeriesMarkers.DIAMOND);
        }
        XYSeries curve = chart.addSeries("network", column(grid), column(fit));
        curve.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineColor(Color.BLACK);
        curve.setLineStyle(new BasicStroke(2.5f));
        return save(chart, dir.resolve("regression-fit.png"));
    }

    /** Decision regions of a 2-feature classifier: a dense grid coloured by predicted class, points on top. */
    static Path decisionRegions(Network net, Standardizer scaler, Matrix x, Matrix y, List<String> classes,
                                List<String> features, Path dir) throws IOException {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < x.rows(); i++) {
            for (int d = 0; d < 2; d++) {
                lo[d] = Math.min(lo[d], x.get(i, d));
                hi[d] = Math.max(hi[d], x.get(i, d));
            }
        }
        int steps = 120;
        Matrix grid = new Matrix(steps * steps, 2);
        for (int a = 0; a < steps; a++) {
            for (int b = 0; b < steps; b++) {
                for (int d = 0; d < 2; d++) {
                    double pad = 0.08 * (hi[d] - lo[d]);
                    int t = d == 0 ? a : b;
                    grid.set(a * steps + b, d, lo[d] - pad + (hi[d] - lo[d] + 2 * pad) * t / (steps - 1));
                }
            }
        }
        int[] regions = Metrics.argmaxRows(net.predict(scaler.apply(grid)));
        int[] labels = Metrics.argmaxRows(y);
        XYChart chart = new XYChartBuilder().width(800).height(700).title("Decision regions")
                .xAxisTitle(features.get(0)).yAxisTitle(features.get(1)).build();
        style(chart);
        chart.getStyler().setMarkerSize(6);
        for (int c = 0; c < classes.size(); c++) {
            Color col = PALETTE[c % PALETTE.length];
            addClass(chart, "region " + classes.get(c), grid, regions, c, new Color(col.getRed(), col.getGreen(),
                    col.getBlue(), 50), SeriesMarkers.SQUARE).ifPresent(region -> region.setShowInLegend(false));
        }
        for (int c = 0; c < classes.size(); c++) {
            addClass(chart, "class " + classes.get(c), x, labels, c, PALETTE[c % PALETTE.length], SeriesMarkers.CIRCLE);
        }
        return save(chart, dir.resolve("decision-regions.png"));
    }

    /** A scatter series of the rows of {@code points} whose class is {@code c}; none if there are no such rows. */
    private static java.util.Optional<XYSeries> addClass(XYChart chart, String name, Matrix points, int[] classOf, int c,
                                                         Color color, org.knowm.xchart.style.markers.Marker marker) {
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (int i = 0; i < classOf.length; i++) {
            if (classOf[i] == c) {
                px.add(points.get(i, 0));
                py.add(points.get(i, 1));
            }
        }
        if (px.isEmpty()) {
            return java.util.Optional.empty();
        }
        XYSeries series = chart.addSeries(name, px, py);
        scatter(series, color, marker);
        return java.util.Optional.of(series);
    }

    private static void scatter(XYSeries s, Color color, org.knowm.xchart.style.markers.Marker marker) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    private static void style(XYChart chart) {
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setAntiAlias(true);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    }

    private static double[] column(Matrix m) {
        double[] out = new double[m.rows()];
        for (int i = 0; i < m.rows(); i++) {
            out[i] = m.get(i, 0);
        }
        return out;
    }

    private static Path save(XYChart chart, Path target) throws IOException {
        // The stream variant: the file-name one would append ".png" to the temporary file's name.
        return AtomicFiles.write(target, tmp -> {
            try (var out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
