/**
 * The dashboard's two readers: one consumer that replays and follows the pipeline's topics without
 * a group (it never commits offsets), and an admin client that reads end offsets and group lag.
 */
package org.mmedpo.dashboard.feed;
