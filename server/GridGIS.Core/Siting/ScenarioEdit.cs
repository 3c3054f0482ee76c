using GridGIS.Core.Coverage;

namespace GridGIS.Core.Siting;

/// <summary>What an edit of a scenario does to one facility.</summary>
public enum EditKind
{
    /// <summary>A new facility at a point, with a capacity.</summary>
    Add,
    /// <summary>A facility (real, or added earlier in the scenario) to another point, capacity kept unless given.</summary>
    Move,
    /// <summary>A facility (real, or added) closed: it serves nobody.</summary>
    Close,
}

/// <summary>
/// One edit of a scenario (情景): add a facility of <paramref name="Category"/> at (<paramref name="X"/>,
/// <paramref name="Y"/>) (local metres) with <paramref name="Capacity"/> (persons; null when unknown), move one, or
/// close one. <paramref name="FacilityId"/>: for <see cref="EditKind.Add"/> the new facility's id in the scenario
/// (negative: -1, -2, ..., never a real facility's); otherwise the facility edited (a real id, or an added one's).
/// </summary>
public sealed record ScenarioEdit(EditKind Kind, string Category, int FacilityId, double X = 0, double Y = 0, int? Capacity = null);

/// <summary>A category's facilities after a scenario's edits, against its base: the real facilities that no longer serve
/// where they did (closed or moved), and the facilities placed by the scenario (added, or moved to their new point).</summary>
public sealed record ScenarioFacilities(IReadOnlySet<int> Removed, IReadOnlyList<CoverageFacility> Placed, IReadOnlySet<int> Closed)
{
    /// <summary>
    /// Applies <paramref name="edits"/> (in order; those of other categories are skipped) to <paramref name="baseFacilities"/>.
    /// </summary>
    /// <exception cref="ArgumentException">an edit names a facility that does not exist (or no longer does), or an added id that is not negative or is taken</exception>
    public static ScenarioFacilities Apply(string category, IReadOnlyList<CoverageFacility> baseFacilities, IEnumerable<ScenarioEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(baseFacilities);
        ArgumentNullException.ThrowIfNull(edits);
        var current = new Dictionary<int, CoverageFacility>();
        foreach (var f in baseFacilities) current[f.Id] = f;
        var baseIds = current.Keys.ToHashSet();
        var removed = new HashSet<int>();
        var closed = new HashSet<int>();
        var moved = new HashSet<int>();
        var added = new HashSet<int>();
        var seenAdded = new HashSet<int>();
        foreach (var e in edits.Where(e => e.Category == category))
        {
            switch (e.Kind)
            {
                case EditKind.Add:
                    if (e.FacilityId >= 0 || !seenAdded.Add(e.FacilityId))
                        throw new ArgumentException($"an added facility's id must be negative and new, not {e.FacilityId}", nameof(edits));
                    current[e.FacilityId] = new CoverageFacility(e.FacilityId, e.X, e.Y, e.Capacity);
                    added.Add(e.FacilityId);
                    break;
                case EditKind.Move:
                    if (!current.TryGetValue(e.FacilityId, out var f))
                        throw new ArgumentException($"facility {e.FacilityId} of category {category} does not exist in the scenario", nameof(edits));
                    current[e.FacilityId] = f with { X = e.X, Y = e.Y, Capacity = e.Capacity ?? f.Capacity };
                    if (baseIds.Contains(e.FacilityId)) { removed.Add(e.FacilityId); moved.Add(e.FacilityId); }
                    break;
                case EditKind.Close:
                    if (!current.Remove(e.FacilityId))
                        throw new ArgumentException($"facility {e.FacilityId} of category {category} does not exist in the scenario", nameof(edits));
                    if (baseIds.Contains(e.FacilityId)) removed.Add(e.FacilityId);
                    closed.Add(e.FacilityId);
                    moved.Remove(e.FacilityId);
                    added.Remove(e.FacilityId);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(edits), e.Kind, "add, move or close");
            }
        }
        var placed = current.Values.Where(f => added.Contains(f.Id) || moved.Contains(f.Id)).OrderBy(f => f.Id).ToList();
        return new ScenarioFacilities(removed, placed, closed);
    }
}
