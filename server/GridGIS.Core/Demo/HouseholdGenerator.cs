using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Demo;

/// <summary>
/// Households (户) of one street at one scale: residents summing exactly to round(scale x published total),
/// foreign residents exactly to round(scale x published foreign residents). Sizes 1..6 (mean about 2.8);
/// each household lives in a building drawn by the building's share of the street's households; foreign
/// residents go preferentially to buildings near the street's hotspots (most as whole foreign households,
/// some as one foreign member), with nationalities from the street's profile. Metric coordinates.
/// </summary>
internal sealed class HouseholdGenerator(ChaoyangLayout layout, double scale)
{
    private static readonly double[] SizeWeights = [17, 30, 27, 13, 8, 5];
    private readonly Dictionary<int, IndexedPointInAreaLocator> _gridLocators = [];

    /// <summary>Households in metric coordinates with their building.</summary>
    public List<(double X, double Y, int Building, int Residents, int Foreign, NationalityCount[] Nationalities, string Address)> Generate(StreetPlan street)
    {
        var rng = layout.Random.Fork("households@" + scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture), street.Index);
        var residents = DemoScale.Count(scale, street.Published.Total);
        var foreign = DemoScale.Count(scale, street.Published.ForeignResidents);
        var buildings = street.Buildings.Where(b => layout.BuildingGrid[b] >= 0).ToArray();
        if (buildings.Length == 0) throw new InvalidOperationException($"street {street.Code} has no buildings on a grid");
        var cumulative = new double[buildings.Length];
        double sum = 0;
        for (var i = 0; i < buildings.Length; i++) cumulative[i] = sum += layout.BuildingHouseholds[buildings[i]];

        var sizes = new List<int>();
        var home = new List<int>();
        for (var left = residents; left > 0;)
        {
            var size = Math.Min(left, rng.Pick(SizeWeights) + 1);
            sizes.Add(size);
            left -= size;
            var at = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            home.Add(buildings[Math.Min(buildings.Length - 1, at < 0 ? ~at : at)]);
        }

        var foreignOf = new int[sizes.Count];
        var nationalityOf = new string?[sizes.Count];
        AssignForeign(street, rng, sizes, home, foreignOf, nationalityOf, foreign);

        var result = new List<(double, double, int, int, int, NationalityCount[], string)>(sizes.Count);
        var net = layout.Network;
        for (var h = 0; h < sizes.Count; h++)
        {
            var b = home[h];
            var building = net.Buildings[b];
            var x = building.X + rng.Range(-4, 4);
            var y = building.Y + rng.Range(-4, 4);
            if (GridLocator(layout.BuildingGrid[b]).Locate(new Coordinate(x, y)) == Location.Exterior) { x = building.X; y = building.Y; }
            var nationalities = foreignOf[h] == 0 ? [] : new[] { new NationalityCount(nationalityOf[h]!, foreignOf[h]) };
            var community = layout.Communities[layout.BuildingCommunity[b]];
            var streetName = street.Published.NameZh == "机场" ? "首都机场" : street.Published.NameZh;
            var address = $"{streetName}街道 {community.ShortName} {net.Compounds[building.CompoundIndex].Name} {building.Number}号楼 " +
                          $"{1 + rng.Next(4)}单元 {1 + rng.Next(18)}{1 + rng.Next(4):D2}";
            result.Add((x, y, b, sizes[h], foreignOf[h], nationalities, address));
        }
        return result;
    }

    private IndexedPointInAreaLocator GridLocator(int grid)
    {
        if (!_gridLocators.TryGetValue(grid, out var locator)) _gridLocators[grid] = locator = new IndexedPointInAreaLocator(layout.Grids[grid].Area);
        return locator;
    }

    private void AssignForeign(StreetPlan street, DemoRandom rng, List<int> sizes, List<int> home, int[] foreignOf, string?[] nationalityOf, int target)
    {
        var cumulative = new double[sizes.Count];
        double sum = 0;
        for (var h = 0; h < sizes.Count; h++) cumulative[h] = sum += layout.BuildingAffinity[home[h]];
        var weights = street.Profile.Nationalities.Select(n => n.Weight).ToArray();
        var left = target;
        for (var attempt = 0; left > 0 && attempt < 50L * target + 1000; attempt++)
        {
            var at = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            var h = Math.Min(sizes.Count - 1, at < 0 ? ~at : at);
            if (foreignOf[h] == sizes[h]) continue;
            var add = Math.Min(left, rng.Chance(0.85) ? sizes[h] - foreignOf[h] : 1);
            nationalityOf[h] ??= street.Profile.Nationalities[rng.Pick(weights)].Country;
            foreignOf[h] += add;
            left -= add;
        }
        // Unreachable for the published figures (foreign residents are a few percent), kept for any input.
        for (var h = 0; left > 0 && h < sizes.Count; h++)
        {
            var add = Math.Min(left, sizes[h] - foreignOf[h]);
            if (add == 0) continue;
            nationalityOf[h] ??= street.Profile.Nationalities[0].Country;
            foreignOf[h] += add;
            left -= add;
        }
    }
}

/// <summary>Scaling published counts: round(scale x count), halves away from zero, computed in decimal.</summary>
public static class DemoScale
{
    /// <param name="scale">in (0, 1]</param>
    public static int Count(double scale, int published)
    {
        if (!(scale > 0 && scale <= 1)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be in (0, 1]");
        return (int)Math.Round((decimal)scale * published, MidpointRounding.AwayFromZero);
    }
}
