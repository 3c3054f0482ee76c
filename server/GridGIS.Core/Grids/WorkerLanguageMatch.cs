namespace GridGIS.Core.Grids;

/// <summary>A grid worker (网格员): id, name, languages spoken (ISO 639-1), the communities where they
/// already work, and their current load in households.</summary>
public sealed record WorkerProfile(int Id, string Name, IReadOnlyList<string> Languages, IReadOnlyList<int> CommunityIds, long Households);

/// <summary>A grid to match: its worker (null when it has none), community, households, and foreign residents per nationality.</summary>
public sealed record GridLanguageNeed(int GridId, string Code, int CommunityId, int? WorkerId, long Households,
    IReadOnlyDictionary<string, long> Nationalities);

/// <summary>A suggested worker: who, which of the wanted languages they speak, how many of the grid's
/// foreign residents those languages reach, and whether the worker is in the grid's community.</summary>
public sealed record WorkerSuggestion(int WorkerId, string Name, IReadOnlyList<string> SharedLanguages, long ForeignResidentsReached,
    bool SameCommunity, long HouseholdsAfter);

/// <summary>
/// A grid whose worker shares no language with its foreign residents (or that has no worker): the
/// languages wanted with the persons who speak each, the worker's languages, and suggested workers,
/// best first (empty when nobody speaks a wanted language).
/// </summary>
public sealed record LanguageMismatch(GridLanguageNeed Grid, IReadOnlyList<KeyValuePair<string, long>> WantedLanguages,
    IReadOnlyList<string> WorkerLanguages, IReadOnlyList<WorkerSuggestion> Suggestions);

/// <summary>
/// Worker matching for foreign-resident grids (涉外网格): a grid wants a worker who speaks a language
/// of its foreign residents (nationality -> language by <see cref="NationalityLanguages"/>). A grid is
/// a mismatch when its worker speaks none of the wanted languages, or it has no worker. Grids whose
/// nationalities map to no known language are not mismatches (nothing to match). Suggestions rank
/// other workers by foreign residents reached (descending), then workers already in the grid's
/// community, then those who stay within <see cref="HouseholdLimit"/> after taking the grid, then
/// the lighter load, then id; at most <see cref="MaxSuggestions"/> (default 3).
/// </summary>
public sealed class WorkerLanguageMatch
{
    public WorkerLanguageMatch(long householdLimit = WorkloadBalance.DefaultHouseholdLimit, int maxSuggestions = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(householdLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSuggestions, 0);
        HouseholdLimit = householdLimit;
        MaxSuggestions = maxSuggestions;
    }

    public long HouseholdLimit { get; }
    public int MaxSuggestions { get; }

    /// <summary>One-call entry with the defaults.</summary>
    public static IReadOnlyList<LanguageMismatch> Check(IEnumerable<GridLanguageNeed> grids, IEnumerable<WorkerProfile> workers) =>
        new WorkerLanguageMatch().Run(grids, workers);

    /// <summary>Persons reached per language (ISO 639-1) among the grid's foreign residents, largest first.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> WantedLanguages(IReadOnlyDictionary<string, long> nationalities)
    {
        ArgumentNullException.ThrowIfNull(nationalities);
        var wanted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (nat, persons) in nationalities)
            if (persons > 0)
                foreach (var lang in NationalityLanguages.Of(nat))
                    wanted[lang] = wanted.GetValueOrDefault(lang) + persons;
        return wanted.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<LanguageMismatch> Run(IEnumerable<GridLanguageNeed> grids, IEnumerable<WorkerProfile> workers)
    {
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentNullException.ThrowIfNull(workers);
        var byId = workers.ToDictionary(w => w.Id);
        var result = new List<LanguageMismatch>();
        foreach (var g in grids.OrderBy(g => g.Code, StringComparer.Ordinal))
        {
            var wanted = WantedLanguages(g.Nationalities);
            if (wanted.Count == 0) continue;
            var current = g.WorkerId is { } wid && byId.TryGetValue(wid, out var w) ? w : null;
            var currentLangs = current?.Languages ?? [];
            if (current is not null && wanted.Any(l => Speaks(current, l.Key))) continue;
            var suggestions = byId.Values.Where(c => c.Id != current?.Id)
                .Select(c =>
                {
                    var shared = wanted.Where(l => Speaks(c, l.Key)).Select(l => l.Key).ToList();
                    var reached = ReachedBy(g.Nationalities, c);
                    return new WorkerSuggestion(c.Id, c.Name, shared, reached, c.CommunityIds.Contains(g.CommunityId), c.Households + g.Households);
                })
                .Where(s => s.SharedLanguages.Count > 0)
                .OrderByDescending(s => s.ForeignResidentsReached)
                .ThenByDescending(s => s.SameCommunity)
                .ThenByDescending(s => s.HouseholdsAfter <= HouseholdLimit)
                .ThenBy(s => s.HouseholdsAfter)
                .ThenBy(s => s.WorkerId)
                .Take(MaxSuggestions).ToList();
            result.Add(new LanguageMismatch(g, wanted, currentLangs, suggestions));
        }
        return result;
    }

    private static bool Speaks(WorkerProfile w, string language) =>
        w.Languages.Any(l => string.Equals(l.Trim(), language, StringComparison.OrdinalIgnoreCase));

    // Persons with at least one language the worker speaks (a Canadian counts once, not for en and fr).
    private static long ReachedBy(IReadOnlyDictionary<string, long> nationalities, WorkerProfile w) =>
        nationalities.Where(n => n.Value > 0 && NationalityLanguages.Of(n.Key).Any(l => Speaks(w, l))).Sum(n => n.Value);
}
