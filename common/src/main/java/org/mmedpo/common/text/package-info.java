/**
 * How a radiology report is presented to the model: the one report instruction and the one text
 * layout that SFT, the stream processors' preference samples and evaluation all share.
 */
package org.mmedpo.common.text;
