package org.mmedpo.streams.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.mmedpo.streams.assembly.ReferenceScorer;
import org.mmedpo.streams.assembly.WeightNormalizer;
import org.mmedpo.streams.hallucination.Hallucinator;
import org.mmedpo.streams.lesion.ImageDispreference;
import org.mmedpo.streams.scoring.ConsensusProtocol;

/**
 * What the processors do their work with, built from configuration by {@code StreamsApp} or by
 * tests. The topology only wires them.
 *
 * @param hallucinator makes text variants; null when text variants are off
 * @param images makes image variants; null when image variants are off
 * @param consensus scores text variants
 * @param weights turns scores into weights
 * @param reference enriches samples with reference log-probs, when present
 * @param clock the time written into events
 * @param recordDeadline time budget of external calls for one record
 * @param seed seed of every random choice
 * @param reportPrompt the prompt of report samples
 * @param timings where processors add the time they spend
 */
public record Components(Hallucinator hallucinator, ImageDispreference images, ConsensusProtocol consensus,
    WeightNormalizer weights, Optional<ReferenceScorer> reference, Clock clock, Duration recordDeadline,
    long seed, String reportPrompt, StageTimings timings) {}
