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
    public void Once_a_redelivery_reaches_chunks_never_handed_over_a_chunk_like_an_earlier_image_s_is_new()
    {
        // A static scene: every image's chunk 1 is the same. The leader gateway staged image b and died before acknowledging it.
        var tracker = new ImplicitSessionTracker(0);
        tracker.Route(0, 3, "a0");
        tracker.Route(1, 3, "same");
        tracker.Route(2, 3, "a2");
        tracker.Route(0, 3, "b0");
        tracker.Route(1, 3, "same");
        tracker.Route(2, 3, "b2");

        // The next leader gets b again, then c, which was never handed over: all flagged as redelivered.
        Assert.Equal(1, tracker.Route(0, 3, "b0", redelivered: true).Sequence);
        Assert.Equal(1, tracker.Route(1, 3, "same", redelivered: true).Sequence);
        Assert.Equal(1, tracker.Route(2, 3, "b2", redelivered: true).Sequence);
        Assert.Equal(2, tracker.Route(0, 3, "c0", redelivered: true).Sequence);
        Assert.Equal(2, tracker.Route(1, 3, "same", redelivered: true).Sequence);
        Assert.Equal((2L, true), tracker.Route(2, 3, "c2", redelivered: true));

        // Another redelivery, of the last chunk routed: what comes after it was never handed over.
        tracker.Route(0, 3, "d0");
        Assert.Equal(3, tracker.Route(0, 3, "d0", redelivered: true).Sequence);
        Assert.Equal(3, tracker.Route(1, 3, "same", redelivered: true).Sequence);
        Assert.Equal((3L, true), tracker.Route(2, 3, "d2", redelivered: true));

        // Live traffic ends the redelivery: the next one starts by looking for duplicates again.
        tracker.Route(0, 3, "e0");
        Assert.Equal(3, tracker.Route(1, 3, "same", redelivered: true).Sequence);
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
}
