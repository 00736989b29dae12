/**
 * The demo: the whole continuous-alignment loop in one process (embedded platform, a synthetic
 * PACS feeding ingest over time, stream processors, SFT warm start, streaming DPO, dashboard,
 * evaluation), with a progress board in the terminal.
 */
package org.mmedpo.cli.demo;
