// Chinese and English interface text; names of places and categories follow the chosen language.
export type Lang = 'zh' | 'en';
const langKey = 'gridgis.lang';

const text = {
  title: ['网格化管理地图', 'GridGIS map'],
  signIn: ['登录', 'Sign in'], userName: ['用户名', 'User name'], password: ['密码', 'Password'],
  signOut: ['退出', 'Sign out'], signInFailed: ['登录失败：', 'Sign-in failed: '],
  layers: ['图层', 'Layers'], streets: ['街道', 'Streets'], communities: ['社区', 'Communities'],
  grids: ['网格', 'Grids'], foreignGrid: ['涉外网格', 'Foreign-resident grid'], ordinaryGrid: ['普通网格', 'Ordinary grid'],
  facilities: ['设施', 'Facilities'], serviceAreas: ['服务范围', 'Service areas'], gaps: ['服务缺口', 'Service gaps'],
  heatmap: ['人口热力图', 'Heatmap'], heatForeign: ['境外人员', 'Foreign residents'], heatResidents: ['常住人口', 'All residents'],
  households: ['住户', 'Households'], category: ['设施类别', 'Category'], minutes: ['步行分钟', 'Walk minutes'],
  min: ['分钟', 'min'], perKm2: ['每平方公里', 'per km²'], merged: ['（合并单元）', ' (merged cell)'],
  privacyNote: ['少于5户的单元已合并或隐去', 'cells under 5 households merged or left out'],
  countsWithheld: ['为保护隐私，少于5户的数字不予显示（覆盖与未覆盖户数及覆盖率一并隐去）', 'counts of fewer than 5 households are withheld to protect privacy (a unit\'s covered and uncovered counts and its share go together)'],
  notAvailable: ['服务器尚未提供', 'not available on this server yet'], zoomIn: ['放大后显示', 'zoom in to show'],
  planner: ['规划', 'Planning'], compare: ['街道对比', 'Compare streets'], worker: ['网格员', 'Grid work'],
  coverageByStreet: ['各街道覆盖率', 'Coverage by street'], coverage: ['覆盖率', 'Coverage'],
  householdsOutside: ['范围外住户', 'Households outside'], run: ['分析批次', 'Run'], compareRuns: ['对比两次分析', 'Compare two runs'],
  before: ['之前', 'Before'], after: ['之后', 'After'], noRun: ['尚无覆盖分析结果', 'no coverage run yet'],
  pilotPreset: ['2010年五个试点街道', 'The five 2010 pilot streets'], pickStreets: ['选择两个或更多街道', 'Pick two or more streets'],
  runCompare: ['对比', 'Compare'], exportPng: ['导出PNG', 'Export PNG'], exportPdf: ['导出PDF报告', 'Export PDF report'], close: ['关闭', 'Close'],
  residents: ['常住人口', 'Residents'], foreignResidents: ['境外人员', 'Foreign residents'], foreignShare: ['境外人员占比', 'Foreign share'],
  gridsForeign: ['网格（涉外）', 'Grids (foreign-resident)'], per10k: ['每万人设施', 'Facilities per 10,000'],
  gapArea: ['缺口面积 km²', 'Gap area km²'], gapHouseholds: ['缺口住户', 'Gap households'],
  published: ['2010年公布', 'published 2010'], generatedNote: ['住户与设施为生成的演示数据', 'households and facilities are generated demo data'],
  capacity: ['容量', 'Capacity'], load: ['负荷', 'Load'], languages: ['语言', 'Languages'], code: ['编码', 'Code'],
  workerName: ['网格员', 'Worker'], street: ['街道', 'Street'], community: ['社区', 'Community'],
  myGrids: ['我的网格', 'My grids'], moveHousehold: ['调整住户网格', 'Move household'], toGrid: ['目标网格', 'To grid'],
  reason: ['原因', 'Reason'], move: ['调整', 'Move'], topology: ['拓扑问题', 'Topology problems'], workload: ['工作量', 'Workload'],
  minutesNote: ['覆盖率按各类设施自身的步行阈值计算（每晚分析）；选择分钟数可按其他阈值试算', 'coverage at each category\'s own walk threshold (the nightly runs); pick minutes to try another threshold'],
  ownThreshold: ['类别阈值', 'category\'s own'], whatIf: ['试算', 'What if'],
  whatIfNote: ['试算：只分析此类别、按所选分钟数；不替换每晚的分析结果', 'what if: this category only, at the minutes picked; the nightly results stay as they are'],
  clickHousehold: ['点击地图上的住户', 'click a household on the map'],
  workloadOwn: ['以上为本人网格的户数与人数', 'the figures above are your own grids\' load'],
  runNow: ['立即分析', 'Run analysis now'], runState: ['分析进度', 'Analysis'],
  state_queued: ['排队中', 'queued'], state_running: ['分析中', 'running'], state_complete: ['已完成', 'complete'],
  state_failed: ['失败', 'failed'], state_interrupted: ['已中断', 'interrupted'],
  jobDashboard: ['任务面板', 'Job dashboard'],
  withheld: ['少于5户，不予显示', 'withheld (under 5 households)'], atLeast: ['至少', 'at least'],
  threshold: ['阈值', 'threshold'], metres: ['米', 'm'], persons: ['人', 'persons'], hectares: ['公顷', 'ha'],
  households_unit: ['户', 'households'], places: ['个名额', 'places'], loadOfCapacity: ['负荷 / 容量', 'Load / capacity'],
  loadNote: ['负荷 = 步行范围内常住人口 ÷ 容量', 'load = residents within the walk ÷ capacity'], gapArea1: ['缺口面积', 'Gap area'],
  whatIfRunOf: ['试算批次', 'what-if run'], nightlyRun: ['每晚分析批次', 'nightly run'], bands: ['分段', 'bands'],
  perKm2Unit: ['人/平方公里', 'persons/km²'], fixedBreaks: ['分级固定，不随视图变化', 'fixed classes, the same at every zoom'],
  mapRole: ['地图', 'map'], mapLabel: ['地图：方向键平移，+ 和 - 缩放', 'Map: arrow keys pan, + and - zoom'],
  panels: ['面板', 'Panels'], density: ['密度', ' density'], popupOpened: ['已打开：', 'Opened: '],
  sessionEnded: ['您的登录已失效（可能已在其他设备上退出或被管理员撤销）。请重新登录，将回到刚才的位置。',
    'Your session has ended (signed out elsewhere or revoked by an administrator). Sign in again to return to where you were.'],
  basemap: ['底图', 'Basemap'], basemapOwn: ['本市数据（离线）', 'the city\'s own data (offline)'],
  facilityArea: ['所选设施的服务范围', 'Service area of the chosen facility'], clickFacility: ['点击设施显示其5/10/15分钟范围', 'click a facility to show its 5/10/15-minute area'],
  walkBand: ['步行范围', 'Walk band'], search: ['搜索', 'Search'], searchHint: ['街道、社区、网格编码、设施名称', 'street, community, grid code, facility'],
  noMatch: ['无匹配结果', 'no match'], opacity: ['透明度', 'Opacity'], moveUp: ['上移一层', 'Move up'], moveDown: ['下移一层', 'Move down'],
  role_administrator: ['管理员', 'administrator'], role_planner: ['规划人员', 'planner'], role_official: ['领导/官员', 'official'],
  role_grid_worker: ['网格员', 'grid worker'],
  zoomTo: ['点击在地图上查看', 'click to show on the map'],
  err_network: ['无法连接服务器，请检查网络后重试', 'cannot reach the server: check the network and try again'],
  err_invalid_parameter: ['参数“{name}”无效', 'invalid \'{name}\''], err_invalid_field: ['字段“{name}”无效', 'invalid \'{name}\''],
  err_bad_request: ['请求无效', 'bad request'], err_unauthorized: ['用户名或密码不正确，或登录已失效', 'wrong user name or password, or the session has ended'],
  err_forbidden: ['您的角色无权执行此操作', 'your role may not do this'], err_not_found: ['未找到所请求的内容', 'not found'],
  err_conflict: ['当前数据状态不允许此操作', 'the data\'s current state refuses this'], err_too_large: ['上传内容过大', 'the upload is too large'],
  err_unsupported_media_type: ['不支持的文件类型', 'unsupported file type'],
  err_too_many_requests: ['请求过于频繁，请稍后再试', 'too many requests: try again later'], err_retry: ['（{s} 秒后）', ' (in {s} s)'],
  err_error: ['服务器处理请求时出错', 'the server could not process the request'],
  topo_overlap: ['网格重叠', 'grids overlap'], topo_gap: ['网格间空隙', 'gap between grids'], topo_outside_community: ['超出社区边界', 'outside the community'],
  none: ['无', 'none'], loading: ['加载中…', 'loading…'], language: ['English', '中文'],
  scenarios: ['情景', 'Scenarios'], scenario: ['情景', 'Scenario'], scenarioName: ['情景名称', 'Scenario name'], newScenario: ['新建情景', 'New scenario'],
  addFacility: ['新增', 'Add'], moveFacility: ['迁移', 'Move'], closeFacility: ['关闭', 'Close'],
  scenarioHint: ['新增：点击地图；迁移：拖动设施；关闭：点击设施。真实设施数据不会改变。', 'Add: click the map; move: drag a facility; close: click it. The real facilities never change.'],
  suggestSites: ['选址建议', 'Suggested sites'], suggest: ['建议', 'Suggest'], noEdits: ['尚无修改', 'no edits yet'],
  newlyCovered: ['新覆盖住户', 'Newly covered households'], newlyUncovered: ['新失去覆盖住户', 'newly uncovered'],
  baseRun: ['基准分析', 'Base run'], change: ['覆盖户数变化', 'Change (households)'], district: ['全区', 'District'],
  editAnswered: ['已计算，用时', 'answered in'], answeredBy: ['采用', 'answered by'], greedy: ['贪心', 'greedy'], exact: ['精确', 'exact'],
  gap: ['最优性差距', 'optimality gap'], allBuilt: ['全部建成后', 'With all built'],
  compareScenarios: ['两个情景对比', 'Two scenarios side by side'], compareRun: ['对比', 'Compare'], pickTwo: ['请选择两个情景', 'pick two scenarios'],
  compareChange: ['覆盖户数差（b − a）', 'Change (households, b − a)'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof text;

export function lang(): Lang { return (localStorage.getItem(langKey) as Lang | null) ?? 'zh'; }
export function setLang(l: Lang): void { localStorage.setItem(langKey, l); document.documentElement.lang = l; }
export function t(key: Key): string { return text[key][lang() === 'zh' ? 0 : 1]; }

/** A place's or category's name in the chosen language, from nameZh/nameEn (or xZh/xEn) properties. */
export function nameOf(p: Record<string, unknown>, prefix = 'name'): string {
  const zh = p[`${prefix}Zh`] as string | undefined;
  const en = p[`${prefix}En`] as string | undefined;
  return (lang() === 'zh' ? zh ?? en : en ?? zh) ?? (p['name'] as string | undefined) ?? '';
}

export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** An instant (ISO 8601) as "yyyy-MM-dd HH:mm" in the city's time zone (IANA name), with the zone named. */
export function dateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '–';
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  return `${f.format(new Date(iso))} (${timeZone})`;
}

/** An area in square metres as hectares (under 100 ha, one decimal) or km² (two decimals), with its unit. */
export function area(m2: number | null | undefined): string {
  if (m2 === null || m2 === undefined || Number.isNaN(m2)) return '–';
  return m2 < 1_000_000 ? `${fmt(m2 / 10_000, 1)} ${t('hectares')}` : `${fmt(m2 / 1_000_000, 2)} km²`;
}

/** A count with its unit ("1,234 人"); '–' when withheld. */
export function count(n: number | null | undefined, unit: Key): string {
  return n === null || n === undefined ? '–' : `${fmt(n)} ${t(unit)}`;
}

export function pct(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(2)}%`;
}

/** A role's name in the chosen language (the role's code when it is not one the viewer knows). */
export function roleName(role: string): string {
  const key = `role_${role}`;
  return key in text ? t(key as Key) : role;
}

/**
 * A server problem in the chosen language: its code's words with the args put in; in English the server's
 * detail follows (it says exactly what to send instead). Unknown codes fall back to the detail.
 */
export function problemText(code: string | null, args: Record<string, string>, status: number, detail: string, retryAfter: string | null): string {
  const key = `err_${code ?? (status === 401 ? 'unauthorized' : status === 429 ? 'too_many_requests' : status >= 500 ? 'error' : '')}`;
  if (!(key in text)) return detail;
  let words = t(key as Key).replace(/\{(\w+)\}/g, (_, n: string) => args[n] ?? '');
  if (retryAfter && /^\d+$/.test(retryAfter)) words += t('err_retry').replace('{s}', retryAfter);
  return lang() === 'en' && detail ? `${words}: ${detail}` : words;
}

/** A grid topology problem's kind (overlap, gap, outside_community) in the chosen language. */
export function topologyKind(kind: string): string {
  const key = `topo_${kind}`;
  return key in text ? t(key as Key) : kind;
}
