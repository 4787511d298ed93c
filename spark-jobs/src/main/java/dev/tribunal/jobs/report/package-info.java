/**
 * The run report: {@code <root>/<run_id>/report.json} and {@code report.html}, the run's figures as
 * charts. {@link RunReader} gathers what the run has from its manifest and tables (the only class
 * here that uses Spark); pure builders turn those facts into charts ({@link EvalCharts},
 * {@link LoopCharts}, {@link TrainingCharts}, {@link TimingCharts}, {@link LabelCharts},
 * {@link BondCharts}); {@link Report} is the JSON model, and {@link ReportPage} draws exactly that
 * model with Apache ECharts, inlined so the page needs no network.
 */
package dev.tribunal.jobs.report;
