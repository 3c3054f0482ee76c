using GridGIS.Core.Privacy;

namespace GridGIS.Core.Tests.Privacy;

public sealed class DisclosureTests
{
    private static readonly Disclosure Rule = Disclosure.Restricted;

    /// <summary>Children as household counts (one entry each), the parent's rest, and which must be withheld.</summary>
    private static void CheckChildren(long[] households, long rest, params bool[] expected) =>
        Assert.Equal(expected, Rule.WithheldChildren(households.Select(h => new[] { h }).ToList(), [rest]));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void Shows_WithholdsOneToFourHouseholds(long households, bool shown) => Assert.Equal(shown, Rule.Shows(households));

    [Fact]
    public void ShowsLabel_WithholdsZeroToo_SoAbsenceAndFewLookAlike()
    {
        Assert.False(Rule.ShowsLabel(0));
        Assert.False(Rule.ShowsLabel(4));
        Assert.True(Rule.ShowsLabel(5));
    }

    [Fact]
    public void ShowsParts_WithholdsTheWhole_WhenAnyPartIsSmall()
    {
        Assert.True(Rule.ShowsParts(30, 30, 0));
        Assert.False(Rule.ShowsParts(30, 28, 2));
    }

    [Fact]
    public void WithheldChildren_WithholdsTheSmallestSibling_WhenOneChildAloneIsWithheld() =>
        CheckChildren([3, 40, 12, 9], 0, true, false, false, true);

    [Fact]
    public void WithheldChildren_WithholdsNothingMore_WhenWithheldChildrenReachTheThreshold() =>
        CheckChildren([3, 2, 40], 0, true, true, false);

    [Fact]
    public void WithheldChildren_CountsTheParentsRest_AsWithheld() =>
        CheckChildren([20, 30], 2, true, false);

    [Fact]
    public void WithheldChildren_WithholdsNothing_ForAdministrators() =>
        Assert.Equal([false, false], Disclosure.Administrator.WithheldChildren([[1], [40]], [0]));
}
