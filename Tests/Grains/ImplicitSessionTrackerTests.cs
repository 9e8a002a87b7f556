using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Cameras;

namespace IngestionCluster.Tests.Grains;

public sealed class ImplicitSessionTrackerTests
{
    [Fact]
    public void A_full_image_moves_the_tracker_to_the_next_session()
    {
        var tracker = new ImplicitSessionTracker(10);

        Assert.Equal(10, tracker.Route(0, 2, "a0").Sequence);
        Assert.Equal((10L, true), tracker.Route(1, 2, "a1"));
        Assert.Equal(11, tracker.Route(0, 2, "b0").Sequence);
    }

    [Fact]
    public void A_former_leader_s_chunk_is_a_repeat_only_of_a_redelivery_under_a_later_term_with_its_packet_id_index_and_bytes()
    {
        // Images share their header. The successor (term 20) handed image a over again; the former leader (term 10) wakes
        // with a's first delivery.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 2, "head", redelivered: true, deliveryId: 1, leaderTerm: 20);
        tracker.Route(1, 2, "a1", redelivered: true, deliveryId: 2, leaderTerm: 20);

        Assert.Equal(0, tracker.Route(0, 2, "head", deliveryId: 1, leaderTerm: 10).Sequence);
        Assert.Equal(0, tracker.Route(1, 2, "a1", deliveryId: 2, leaderTerm: 10).Sequence);
        // New messages under an earlier term for another reason (a Redis clock set back) are new images, shared header and all.
        Assert.Equal(1, tracker.Route(0, 2, "head", deliveryId: 3, leaderTerm: 10).Sequence);
        Assert.Equal((1L, true), tracker.Route(1, 2, "b1", deliveryId: 4, leaderTerm: 10));
    }

    [Fact]
    public void A_chunk_under_an_earlier_term_is_no_repeat_of_a_first_delivery_with_its_packet_id()
    {
        // Packet identifiers wrap (the broker numbers every camera's messages together): a new image's header comes under an
        // identifier an earlier image's header had, from a leader whose term reads earlier (its Redis lost the last term).
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 2, "head", deliveryId: 1, leaderTerm: 20);
        tracker.Route(1, 2, "a1", deliveryId: 2, leaderTerm: 20);

        Assert.Equal(1, tracker.Route(0, 2, "head", deliveryId: 1, leaderTerm: 10).Sequence);
        Assert.Equal((1L, true), tracker.Route(1, 2, "b1", deliveryId: 5, leaderTerm: 10));
    }

    [Fact]
    public void A_redelivered_late_duplicate_goes_back_to_its_session()
    {
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 2, "a0");
        tracker.Route(1, 2, "a1");
        tracker.Route(0, 2, "b0");

        Assert.Equal(0, tracker.Route(1, 2, "a1", redelivered: true).Sequence);
        Assert.Equal(1, tracker.CurrentSequence);
    }

    [Fact]
    public void A_redelivery_with_packet_ids_repeats_what_was_staged_and_brings_new_chunks_whatever_earlier_images_held()
    {
        // A static scene: every image's chunk 1 is the same. The leader gateway staged image b and died before acknowledging it.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 3, "a0", deliveryId: 1);
        tracker.Route(1, 3, "same", deliveryId: 2);
        tracker.Route(2, 3, "a2", deliveryId: 3);
        tracker.Route(0, 3, "b0", deliveryId: 4);
        tracker.Route(1, 3, "same", deliveryId: 5);
        tracker.Route(2, 3, "b2", deliveryId: 6);

        // The next leader gets b again under the same packet ids, then c, which was never handed over.
        Assert.Equal(1, tracker.Route(0, 3, "b0", redelivered: true, deliveryId: 4).Sequence);
        Assert.Equal(1, tracker.Route(1, 3, "same", redelivered: true, deliveryId: 5).Sequence);
        Assert.Equal(1, tracker.Route(2, 3, "b2", redelivered: true, deliveryId: 6).Sequence);
        Assert.Equal(2, tracker.Route(0, 3, "c0", redelivered: true, deliveryId: 7).Sequence);
        Assert.Equal(2, tracker.Route(1, 3, "same", redelivered: true, deliveryId: 8).Sequence);
        Assert.Equal((2L, true), tracker.Route(2, 3, "c2", redelivered: true, deliveryId: 9));

        // Handed over once more (a retry after a timeout, a second redelivery): still repeats.
        Assert.Equal(2, tracker.Route(0, 3, "c0", redelivered: true, deliveryId: 7).Sequence);
        Assert.Equal(2, tracker.Route(1, 3, "same", redelivered: true, deliveryId: 8).Sequence);
        Assert.Equal(2, tracker.Route(2, 3, "c2", redelivered: true, deliveryId: 9).Sequence);
        Assert.Equal(3, tracker.CurrentSequence);
    }

    [Fact]
    public void A_redelivered_chunk_goes_to_the_image_its_packet_id_was_staged_in_even_when_the_current_one_holds_the_same_bytes()
    {
        // Images start with the same header: a's header and b's were staged in one call, none acknowledged.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 3, "header", deliveryId: 1);
        tracker.Route(1, 3, "a1", deliveryId: 2);
        tracker.Route(2, 3, "a2", deliveryId: 3);
        tracker.Route(0, 3, "header", deliveryId: 4);

        Assert.Equal(0, tracker.Route(0, 3, "header", redelivered: true, deliveryId: 1).Sequence);
        Assert.Equal(0, tracker.Route(1, 3, "a1", redelivered: true, deliveryId: 2).Sequence);
        Assert.Equal(0, tracker.Route(2, 3, "a2", redelivered: true, deliveryId: 3).Sequence);
        Assert.Equal(1, tracker.Route(0, 3, "header", redelivered: true, deliveryId: 4).Sequence);
        Assert.Equal(1, tracker.Route(1, 3, "b1", redelivered: true, deliveryId: 5).Sequence);
        Assert.Equal(1, tracker.CurrentSequence);
    }

    [Fact]
    public void A_packet_identifier_routed_128_sessions_back_is_forgotten_even_when_no_other_identifier_pushed_it_out()
    {
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 1, "a0", deliveryId: 7);
        for (var image = 1; image < ImplicitSessionTracker.FarthestRoutedBack; image++)
        {
            tracker.Route(0, 1, $"image-{image}");
        }
        Assert.Equal(0, tracker.Route(0, 1, "a0", redelivered: true, deliveryId: 7).Sequence);

        tracker.Route(0, 1, "one-more");

        Assert.Equal(ImplicitSessionTracker.FarthestRoutedBack + 1, tracker.Route(0, 1, "a0", redelivered: true, deliveryId: 7).Sequence);
    }

    [Fact]
    public void A_redelivery_that_starts_with_a_new_chunk_like_the_previous_image_s_keeps_it()
    {
        // Everything staged was acknowledged; the redelivery starts with chunks never handed over.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 2, "header", deliveryId: 1);
        tracker.Route(1, 2, "a1", deliveryId: 2);

        Assert.Equal(1, tracker.Route(0, 2, "header", redelivered: true, deliveryId: 3).Sequence);
        Assert.Equal((1L, true), tracker.Route(1, 2, "b1", redelivered: true, deliveryId: 4));
    }

    [Fact]
    public void A_new_activation_recalls_the_last_sessions_and_judges_redeliveries_by_their_bytes_until_live_chunks_come()
    {
        var tracker = new ImplicitSessionTracker(2);
        Assert.True(tracker.NeedsRecall);
        tracker.Recall([(0, Unidentified("a0", "a1")), (1, Unidentified("b0", "b1"))], current: Unidentified("c0", null));

        // Staged without packet ids (QoS 0, an older version): a repeat of b1 is known by its bytes.
        Assert.Equal(1, tracker.Route(1, 2, "b1", redelivered: true, deliveryId: 40).Sequence);
        Assert.Equal(2, tracker.Route(0, 2, "c0", redelivered: true, deliveryId: 41).Sequence);
        Assert.Equal((2L, true), tracker.Route(1, 2, "c1", redelivered: true, deliveryId: 42));
        // A live chunk: from here on the identifiers routed in this activation decide.
        tracker.Route(0, 2, "d0", deliveryId: 43);
        Assert.Equal(3, tracker.Route(1, 2, "b1", redelivered: true, deliveryId: 44).Sequence);
    }

    [Fact]
    public void A_new_activation_that_recalls_a_complete_current_session_moves_on_from_it()
    {
        // The earlier activation staged c1, the last chunk, and died before it saved that it moved on.
        var tracker = new ImplicitSessionTracker(2);
        tracker.Recall([(1, Unidentified("b0", "b1"))], current: Unidentified("header", "c1"));

        // The broker's redelivery of c1, which was never acknowledged, still goes back to its session.
        Assert.Equal(2, tracker.Route(1, 2, "c1", redelivered: true, deliveryId: 7).Sequence);
        // The next image starts with the same header: a new session, not a repeat of the complete one.
        Assert.Equal(3, tracker.Route(0, 2, "header").Sequence);
        Assert.Equal((3L, true), tracker.Route(1, 2, "d1"));
    }

    [Fact]
    public void A_repeat_that_came_under_a_new_packet_id_is_known_by_that_id_when_it_is_redelivered()
    {
        // The camera itself published chunk 0 twice (two messages); the second copy is a repeat, and its id is kept.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 2, "header", deliveryId: 1);
        Assert.Equal(0, tracker.Route(0, 2, "header", deliveryId: 2).Sequence);
        tracker.Route(1, 2, "a1", deliveryId: 3);
        tracker.Route(0, 2, "header", deliveryId: 4);

        Assert.Equal(0, tracker.Route(0, 2, "header", redelivered: true, deliveryId: 2).Sequence);
    }

    [Fact]
    public void A_late_duplicate_at_an_index_the_current_image_holds_goes_back_to_its_session()
    {
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 2, "a0");
        tracker.Route(1, 2, "a1");
        tracker.Route(1, 2, "b1");

        Assert.Equal(0, tracker.Route(1, 2, "a1").Sequence);
        Assert.Equal(1, tracker.CurrentSequence);
    }

    [Fact]
    public void The_next_image_keeps_first_chunks_identical_to_the_previous_image_s()
    {
        // Fixed JPEG tables and a static top of the scene: the next image starts with the same bytes.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 3, "header");
        tracker.Route(1, 3, "top");
        tracker.Route(2, 3, "a2");

        Assert.Equal(1, tracker.Route(0, 3, "header").Sequence);
        Assert.Equal(1, tracker.Route(1, 3, "top").Sequence);
        Assert.Equal((1L, true), tracker.Route(2, 3, "b2"));
        Assert.Equal(2, tracker.CurrentSequence);
    }

    [Fact]
    public void Other_data_at_a_held_index_starts_the_next_session()
    {
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 3, "a0");

        Assert.Equal((1L, true), tracker.Route(0, 3, "b0"));
    }

    [Fact]
    public void A_refused_chunk_goes_to_the_next_session_not_back_to_the_one_that_refused_it()
    {
        // A fresh activation resumed at session 4 without knowing what it holds: the next image's first
        // chunk goes there, is refused, and must then start session 5.
        var tracker = new ImplicitSessionTracker(4);
        Assert.Equal(4, tracker.Route(0, 2, "b0").Sequence);

        tracker.Refused(4, 0, "b0");
        tracker.Rotate();

        Assert.Equal(5, tracker.Route(0, 2, "b0").Sequence);
        Assert.Equal(5, tracker.Route(1, 2, "b1").Sequence);
    }

    [Fact]
    public void Refusing_keeps_the_session_s_other_chunks_as_duplicates()
    {
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(1, 3, "a1");
        tracker.Route(0, 3, "x0");
        tracker.Refused(0, 0, "x0");
        tracker.Rotate();

        Assert.Equal(0, tracker.Route(1, 3, "a1", redelivered: true).Sequence);
        Assert.Equal(1, tracker.Route(0, 3, "x0", redelivered: true).Sequence);
    }

    [Fact]
    public void After_redelivered_chunks_were_taken_for_repeats_the_next_live_images_get_sessions_of_their_own()
    {
        // A static scene: every image has the same chunks 0-3. The camera's grain moved after its silo died, and the
        // retried hand-off brings image e flagged as redelivered: its shared chunks read as repeats of image d.
        var tracker = new ImplicitSessionTracker(4);
        tracker.Recall([(0, StaticSceneImage("a")), (1, StaticSceneImage("b")), (2, StaticSceneImage("c")), (3, StaticSceneImage("d"))], current: []);
        for (var index = 0; index < 5; index++)
        {
            tracker.Route(index, 5, StaticSceneChunk("e", index), redelivered: true);
        }

        // Session 4 holds only e's last chunk and goes stale; each live image after it is whole in a session of its own.
        foreach (var (image, sequence) in new[] { ("f", 5L), ("g", 6L), ("h", 7L), ("i", 8L), ("j", 9L) })
        {
            for (var index = 0; index < 4; index++)
            {
                Assert.Equal(sequence, tracker.Route(index, 5, StaticSceneChunk(image, index)).Sequence);
            }
            Assert.Equal((sequence, true), tracker.Route(4, 5, StaticSceneChunk(image, 4)));
        }
    }

    [Fact]
    public void A_new_activation_recalls_packet_ids_and_takes_a_redelivered_new_image_like_the_last_one_as_new()
    {
        // The same static scene; this time the sessions kept the packet ids their chunks came under. Image d was staged
        // and acknowledged (ids 16-20); e, never handed over before its silo died, comes again flagged, under ids 21-25.
        var tracker = new ImplicitSessionTracker(4);
        tracker.Recall([(2, Identified("c", 11)), (3, Identified("d", 16))], current: []);

        // A redelivery of one of d's chunks is still a repeat of d.
        Assert.Equal(3, tracker.Route(0, 5, StaticSceneChunk("d", 0), redelivered: true, deliveryId: 16).Sequence);
        for (var index = 0; index < 4; index++)
        {
            Assert.Equal(4, tracker.Route(index, 5, StaticSceneChunk("e", index), redelivered: true, deliveryId: 21 + index).Sequence);
        }
        Assert.Equal((4L, true), tracker.Route(4, 5, StaticSceneChunk("e", 4), redelivered: true, deliveryId: 25));
        Assert.Equal(5, tracker.Route(0, 5, StaticSceneChunk("f", 0), deliveryId: 26).Sequence);
    }

    [Fact]
    public void A_retried_hand_off_of_one_chunk_images_is_recognised_whole()
    {
        // Each image is one chunk. The bridge handed 32 over at once; they were staged, and the answer was lost.
        var tracker = new ImplicitSessionTracker(0);
        for (var image = 0; image < 40; image++)
        {
            tracker.Route(0, 1, $"i{image}", deliveryId: image + 1);
        }

        for (var image = 8; image < 40; image++)
        {
            Assert.Equal(image, tracker.Route(0, 1, $"i{image}", redelivered: true, deliveryId: image + 1).Sequence);
        }
        Assert.Equal(40, tracker.CurrentSequence);
    }

    [Fact]
    public void A_new_activation_recalls_the_packet_ids_of_a_whole_hand_off_of_one_chunk_images()
    {
        var tracker = new ImplicitSessionTracker(40);
        tracker.Recall([.. Enumerable.Range(0, 40).Select(image => ((long)image, new HeldChunk?[] { new($"i{image}", image + 1) }))], current: []);

        for (var image = 8; image < 40; image++)
        {
            Assert.Equal(image, tracker.Route(0, 1, $"i{image}", redelivered: true, deliveryId: image + 1).Sequence);
        }
        Assert.Equal(40, tracker.CurrentSequence);
    }

    private static string StaticSceneChunk(string image, int index) => index < 4 ? $"static{index}" : $"{image}4";

    private static HeldChunk?[] StaticSceneImage(string image) => Unidentified([.. Enumerable.Range(0, 5).Select(index => StaticSceneChunk(image, index))]);

    private static HeldChunk?[] Unidentified(params string?[] digests) => [.. digests.Select(digest => digest is null ? null : new HeldChunk(digest, null))];

    private static HeldChunk?[] Identified(string image, int firstDeliveryId) =>
        [.. Enumerable.Range(0, 5).Select(index => new HeldChunk(StaticSceneChunk(image, index), firstDeliveryId + index))];
}
