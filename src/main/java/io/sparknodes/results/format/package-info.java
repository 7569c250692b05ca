/**
 * The file forms of a sweep's records: {@code results.json} ({@link
 * io.sparknodes.results.format.ResultsJson}, read and written, older schema versions read too) and
 * {@code results.csv} ({@link io.sparknodes.results.format.ResultsCsv}). It owns the bytes of those
 * files and no number in them: the records and their checks live in {@code io.sparknodes.results}.
 */
package io.sparknodes.results.format;
