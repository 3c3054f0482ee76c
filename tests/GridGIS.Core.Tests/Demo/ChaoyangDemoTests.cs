using GridGIS.Core.Demo;
using Xunit.Abstractions;

namespace GridGIS.Core.Tests.Demo;

[Collection(DemoCollection.Name)]
public sealed class ChaoyangDemoTests(DemoFixture fx, ITestOutputHelper output)
{
    [Fact]
    public void Generate_Prints_Sizes()
    {
        var d = fx.Tenth;
        output.WriteLine($"streets {d.Streets.Count} communities {d.Communities.Count} grids {d.Grids.Count} hh {d.Households.Count} nodes {d.Nodes.Count} edges {d.Edges.Count} fac {d.Facilities.Count} workers {d.Workers.Count}");
    }
}
