package com.rostergate.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample (nearest-rank percentiles: every value reported was measured). */
record Stats(int n, double min, double p25, double median, double p75, double p99, double p999, double max) {

    static Stats of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(
                sorted.length,
                sorted[0],
                rank(sorted, 0.25),
                rank(sorted, 0.5),
                rank(sorted, 0.75),
                rank(sorted, 0.99),
                rank(sorted, 0.999),
                sorted[sorted.length - 1]);
    }

    /** The smallest value with at least {@code q} of the sample at or below it. */
    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
