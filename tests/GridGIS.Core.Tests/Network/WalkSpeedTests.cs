using GridGIS.Core.Network;

namespace GridGIS.Core.Tests.Network;

public class WalkSpeedTests
{
    [Fact]
    public void FromMinutes_IsThousandMetres_WhenFifteenMinutesAtDefaultSpeed() =>
        Assert.Equal(1000, WalkThreshold.FromMinutes(15).Metres, 1e-9);

    [Fact]
    public void ForCategory_UsesMetres_WhenCategoryGivesDistance()
    {
        var t = WalkThreshold.ForCategory(15, 500, 4.0);
        Assert.Equal(500, t.Metres);
        Assert.Equal(450, t.Seconds, 1e-9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(21)]
    [InlineData(double.NaN)]
    public void WalkSpeed_Throws_WhenOutOfRange(double kmh) => Assert.Throws<ArgumentOutOfRangeException>(() => new WalkSpeed(kmh));



    [Fact]
    public void WalkNetwork_Throws_WhenEdgeNamesMissingNode() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WalkNetwork([0], [0], [new WalkEdge(0, 1, 5)]));
}
