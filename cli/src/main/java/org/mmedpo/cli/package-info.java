/**
 * The {@code ./mmedpo} command line: parses flags into configuration layers, runs one stage per
 * subcommand and maps failures to one-line errors and exit codes (2 for usage and configuration).
 */
package org.mmedpo.cli;
