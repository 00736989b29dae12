/**
 * Text primitives shared by the metrics: Python's whitespace split and lower-casing, which the
 * reference evaluation scripts use to tokenize.
 */
package org.mmedpo.evaluation.text;
