using GridGIS.Core.Coverage;

namespace GridGIS.Core.Tests.Languages;

/// <summary>Gini and Palma as IPEA's accessibility package computes them, against values worked out by hand.</summary>
public sealed class AccessibilityEquityTests
{
    private static void CheckGini(double[] scores, int[] weights, double? expected)
    {
        var gini = AccessibilityEquity.Gini(scores, weights);
        if (expected is null) Assert.Null(gini);
        else Assert.Equal(expected.Value, gini!.Value, 12);
    }

    private static void CheckPalma(double[] scores, int[] weights, double? expected)
    {
        var palma = AccessibilityEquity.Palma(scores, weights);
        if (expected is null) Assert.Null(palma);
        else Assert.Equal(expected.Value, palma!.Value, 12);
    }

    [Fact]
    public void Gini_OneToFour_IsAQuarter() =>
        // Lorenz points 0.1, 0.3, 0.6, 1 at quarters: area = 0.25 / 2 x (0.1 + 0.4 + 0.9 + 1.6) = 0.375; 1 - 2 x 0.375.
        CheckGini([4, 1, 3, 2], [1, 1, 1, 1], 0.25);

    [Fact]
    public void Gini_WeightedByResidents_EqualsTheRepeatedData() =>
        // [1, 1, 1, 3]: mean absolute difference 12 / 16 = 0.75, over twice the mean (3): 0.25.
        CheckGini([3, 1], [1, 3], 0.25);

    [Fact]
    public void Gini_OneOfFourHasItAll_IsThreeQuarters() => CheckGini([0, 0, 0, 5], [1, 1, 1, 1], 0.75);

    [Fact]
    public void Gini_Equal_IsZero() => CheckGini([2, 2, 2], [1, 5, 2], 0);

    [Fact]
    public void Gini_NoAccessibilityOrNoResidents_IsNull()
    {
        CheckGini([0, 0], [1, 1], null);
        CheckGini([1, 2], [0, 0], null);
    }

    [Fact]
    public void Palma_OneToTen_IsFour() =>
        // 40 % quantile 4.6 (type 7): bottom {1, 2, 3, 4}, mean 2.5; 90 % quantile 9.1: top {10}; 10 / 2.5.
        CheckPalma([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 4);

    [Fact]
    public void Palma_WeightedByResidents_UsesWeightedQuantiles() =>
        // [1 x4, 2 x5, 10]: 40 % quantile 1.6 -> bottom {1} mean 1; 90 % quantile 2 + 0.1 x 8 = 2.8 -> top {10}; ratio 10.
        CheckPalma([1, 2, 10], [4, 5, 1], 10);

    [Fact]
    public void Palma_BottomWithoutAccessibility_IsNull() => CheckPalma([0, 0, 0, 0, 0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], null);

    [Fact]
    public void Gini_OfAThousandScores_EqualsTheMeanAbsoluteDifferenceFormula()
    {
        var random = new Random(19);
        var scores = Enumerable.Range(0, 1000).Select(_ => random.Next(4) == 0 ? 0 : random.NextDouble() * 1e-3).ToArray();
        double sum = 0;
        foreach (var a in scores) foreach (var b in scores) sum += Math.Abs(a - b);
        var expected = sum / (2.0 * scores.Length * scores.Length * scores.Average());
        CheckGini(scores, Enumerable.Repeat(1, scores.Length).ToArray(), expected);
    }

    [Fact]
    public void Gini_NegativeScore_IsRefused() =>
        Assert.Throws<ArgumentException>(() => AccessibilityEquity.Gini([-1.0, 2], [1, 1]));

    [Fact]
    public void PerStreet_SplitsByStreet_AndAddsTheDistrict()
    {
        CoverageHousehold[] hh = [new(1, 0, 0, 1, 0, 1, 1, 1), new(2, 0, 0, 1, 0, 1, 1, 1), new(3, 0, 0, 1, 0, 2, 2, 2), new(4, 0, 0, 1, 0, 2, 2, 2)];
        var units = HouseholdUnits.Of(hh);
        var equity = AccessibilityEquity.PerStreet(units, [1, 1, 0, 2]);
        Assert.Equal(0, equity.Single(e => e.Level == CoverageLevel.Street && e.UnitId == 1).Gini!.Value, 12);
        Assert.Equal(0.5, equity.Single(e => e.Level == CoverageLevel.Street && e.UnitId == 2).Gini!.Value, 12);
        // district [0, 1, 1, 2]: Lorenz 0, 0.25, 0.5, 1 -> area 0.125 x (0 + 0.25 + 0.75 + 1.5) = 0.3125; Gini 0.375
        Assert.Equal(0.375, equity.Single(e => e.Level == CoverageLevel.District).Gini!.Value, 12);
    }
}
