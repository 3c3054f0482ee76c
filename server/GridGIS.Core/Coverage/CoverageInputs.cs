namespace GridGIS.Core.Coverage;

/// <summary>
/// A household (户) as the coverage analysis sees it: a point in the city's local metric CRS
/// (metres, <see cref="Geo.CityProfile.Projection"/>), its residents, and the units it belongs to.
/// A unit id of 0 means "not assigned" (database ids start at 1): such a household counts for the
/// district and, when it has a street, for that street, but for no grid or community.
/// </summary>
public readonly record struct CoverageHousehold(
    long Id, double X, double Y, int Residents, int ForeignResidents, int GridId, int CommunityId, int StreetId);

/// <summary>A facility (设施) of one category: a point in local metres, its capacity (persons; null when unknown), and the
/// languages it serves in (ISO 639-1; null when not known, which language-aware coverage takes as Chinese only).</summary>
public readonly record struct CoverageFacility(int Id, double X, double Y, int? Capacity, IReadOnlyList<string>? Languages = null);

/// <summary>
/// The households one facility reaches within its category's threshold, with their walking times.
/// <paramref name="Households"/> holds indices into the household array the analysis is given;
/// <paramref name="Seconds"/> the walking time in seconds (0..threshold) of each, same length. The segments
/// may be stretches of arrays that a whole category's facilities share (one allocation per category, not
/// per facility: a city's categories reach millions of households in all).
/// </summary>
public sealed record FacilityReach(int FacilityId, int? Capacity, ArraySegment<int> Households, ArraySegment<double> Seconds)
{
    /// <summary>A facility reaching the households of <paramref name="households"/> in <paramref name="seconds"/> (whole arrays).</summary>
    public FacilityReach(int facilityId, int? capacity, int[] households, double[] seconds)
        : this(facilityId, capacity, new ArraySegment<int>(households), new ArraySegment<double>(seconds)) { }

    /// <summary>A facility that reaches nobody (e.g. off network).</summary>
    public static FacilityReach None(int facilityId, int? capacity) => new(facilityId, capacity, Array.Empty<int>(), Array.Empty<double>());
}

/// <summary>
/// What the walking engine (or the Euclidean fallback) tells the analysis about one category:
/// the threshold in seconds, the walking time in seconds from each household to its nearest facility
/// (<see cref="double.PositiveInfinity"/> when none is reachable, or none within the search bound),
/// and per facility the households within the threshold. This is the seam between the engine and
/// the aggregation: everything downstream of it is pure arithmetic.
/// </summary>
public sealed record CategoryReach(string Category, double ThresholdSeconds, double[] NearestSeconds, IReadOnlyList<FacilityReach> Facilities)
{
    /// <summary>A category with no facility at all: nobody is reached.</summary>
    public static CategoryReach Empty(string category, double thresholdSeconds, int households) =>
        new(category, thresholdSeconds, Enumerable.Repeat(double.PositiveInfinity, households).ToArray(), []);
}
