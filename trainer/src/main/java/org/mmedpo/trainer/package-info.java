/**
 * The trainer application: its typed configuration, and the entry points of the SFT warm start,
 * the streaming weighted-DPO trainer and evaluation.
 */
package org.mmedpo.trainer;
