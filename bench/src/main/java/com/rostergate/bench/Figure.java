package com.rostergate.bench;

import java.util.List;

/**
 * One reported number: the median over {@code samples} (one per repeat, or one per call for
 * latencies) with its spread, and the product owner's target when there is one.
 *
 * @param verdict "meets", "misses" or "" (no target for this line)
 */
record Figure(
        String section,
        String name,
        String unit,
        List<Double> samples,
        Stats stats,
        String target,
        String verdict,
        String note) {

    static Figure of(String section, String name, String unit, List<Double> samples, String note) {
        return new Figure(section, name, unit, List.copyOf(samples), Stats.of(samples), "", "", note);
    }

    /** The same figure judged against a target: {@code met} says whether the median meets it. */
    Figure against(String targetText, boolean met) {
        return new Figure(section, name, unit, samples, stats, targetText, met ? "meets" : "misses", note);
    }
}
