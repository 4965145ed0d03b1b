"""Write the labelled claim set (dev.jsonl, test.jsonl) from hand-written templates. Deterministic.

Every sentence is written for this project in the genre's style (no real report text). A template
holds slots that render a quantity and record its gold claim:

    {n:FIELD:UNIT[:flags]}  a count; FIELD is a table key or "-"; flags: h (may be hedged),
                            z (often zero), c (may be written in Chinese numerals), b (big)
    {m:FIELD:UNIT}          money (元 / 万元), value_yuan follows
    {p}                     a percentage stated as a result
    {r:UNIT}                a range (两三个, 3-5个, 三四十人)
    {neg:FIELD:PHRASE}      a negative statement meaning zero; the gold span is PHRASE
    {date} {ymd} {md} {year} {docno} {phone} {postcode} {url} {article} {hotline} {addr}
                            traps that hold digits but no claim

Templates are split into dev and test by template (not by sentence), so the test split holds
phrasings the extractor was not tuned on. Run: ``python corpora/claims/generate.py``.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261202
PER_TEMPLATE = 4

CN = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Return `n` (0 <= n < 100000) in Chinese numerals (12 -> 十二, 305 -> 三百零五, 2000 -> 两千)."""
    if n == 0:
        return "零"
    if n < 20 and n >= 10:
        return "十" + (CN[n % 10] if n % 10 else "")
    parts = []
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero = False
    for value, name in units:
        d = (n // value) % 10 if value < 10000 else n // value
        if d:
            if zero:
                parts.append("零")
                zero = False
            digit = "两" if d == 2 and value >= 1000 else CN[d]
            parts.append(digit + name)
        elif parts:
            zero = True
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------
# Templates. (template, report template) — report template None means 2021 / unknown.

T3 = [
    "本年度共收到政府信息公开申请{n:t3.new.total:件:zc}，上年结转{n:t3.carried_in.total:件:z}。",
    "{year}，我局新收政府信息公开申请{n:t3.new.total:件:z}，均已按时办结。",
    "全年受理依申请公开事项{n:t3.new.total:件:z}，较上年有所增加。",
    "我单位共接收公民、法人和其他组织提出的政府信息公开申请{n:t3.new.total:件:z}。",
    "依申请公开方面，本机关全年收到申请{n:t3.new.total:件:zc}，其中自然人申请{n:t3.new.natural_person:件:z}，商业企业申请{n:t3.new.business:件:z}。",
    "收到的申请中，自然人提出{n:t3.new.natural_person:件}，法律服务机构提出{n:t3.new.legal_service:件:z}，科研机构提出{n:t3.new.research:件:z}。",
    "上年度结转的{n:t3.carried_in.total:件:z}申请已在本年度全部办结。",
    "本年度共办结政府信息公开申请{n:t3.total.total:件}，其中予以公开{n:t3.disclosed.total:件}，部分公开{n:t3.partial.total:件:z}。",
    "在已答复的{n:t3.total.total:件}申请中，予以公开{n:t3.disclosed.total:件}、部分公开{n:t3.partial.total:件:z}、不予公开{n:t3.withheld.total:件:z}、无法提供{n:t3.unavailable.total:件:z}。",
    "予以公开及部分公开的共{n:t3.granted.total:件}，占办结总量的{p}。",
    "因本机关不掌握相关政府信息而无法提供的{n:t3.unavailable.not_held.total:件:z}。",
    "对属于信访举报投诉类的申请不予处理{n:t3.not_processed.petition.total:件:z}，已告知申请人通过其他渠道反映。",
    "不予处理的申请共{n:t3.not_processed.total:件:z}，主要为重复申请。",
    "其他处理{n:t3.other.total:件:z}，系申请人逾期未补正材料。",
    "申请人无正当理由逾期不补正、本机关不再处理的申请{n:t3.other.no_correction.total:件:z}。",
    "截至年底，结转下年度继续办理的申请{n:t3.carried_out.total:件:z}。",
    "另有{n:t3.carried_out.total:件:z}申请因需征求第三方意见，结转至下一年度继续办理。",
    "因涉及保护第三方合法权益不予公开的{n:t3.withheld.third_party.total:件:z}。",
    "属于四类过程性信息不予公开{n:t3.withheld.process.total:件:z}，属于行政查询事项的{n:t3.withheld.inquiry.total:件:z}。",
    "没有现成信息需要另行制作的{n:t3.unavailable.needs_creation.total:件:z}，补正后申请内容仍不明确的{n:t3.unavailable.unclear.total:件:z}。",
    "全年共处理依申请公开{n:t3.total.total:件}，按期答复率{p}。",
    "本年度依申请公开工作平稳有序，共受理申请{n:t3.new.total:件:c}，同比下降{p}。",
    "本年度新收申请{n:t3.new.total:件}，加上上年结转{n:t3.carried_in.total:件:z}，共需办理{n:-:件}。",
    "依法予以公开{n:t3.disclosed.total:件}，其中自然人申请{n:t3.disclosed.natural_person:件}。",
    "2019年度共收到信息公开申请{n:t3.new.total:件}，其他处理{n:t3.other.total:件:z}。",
    "申请数量为{n:t3.new.total::z}，与上年持平。",
    "全年无法提供的申请{n:t3.unavailable.total:件:z}，其中本机关不掌握的{n:t3.unavailable.not_held.total:件:z}、没有现成信息需要另行制作的{n:t3.unavailable.needs_creation.total:件:z}。",
    "对{n:t3.partial.total:件:z}申请作出部分公开答复，对{n:t3.withheld.total:件:z}申请依法不予公开。",
    "申请人逾期未按收费通知要求缴纳费用的{n:t3.other.no_fee.total:件:z}。",
    "通过网上申请平台收到申请{n:-:件}，通过信函方式收到{n:-:件:z}。",
]

T3_2019 = [
    "全年共收到政府信息公开申请{n:t3.new.total:件}，其他处理{n:t3.other.total:件:z}。",
    "对逾期不补正的{n:t3.other.total:件:z}申请作其他处理。",
]

T4 = [
    "全年因政府信息公开被申请行政复议{n:t4.review.total:件:zc}，行政诉讼{n:t4.suit.total:件:z}。",
    "本年度发生政府信息公开行政复议案件{n:t4.review.total:件:z}，其中结果维持{n:t4.review.upheld:件:z}、结果纠正{n:t4.review.corrected:件:z}。",
    "被提起行政诉讼{n:t4.suit.total:件:z}，均尚未审结。",
    "行政复议{n:t4.review.total:件:z}，其中维持{n:t4.review.upheld:件:z}，尚未审结{n:t4.review.pending:件:z}。",
    "未经复议直接起诉的行政诉讼案件{n:t4.suit_direct.total:件:z}，复议后起诉的{n:t4.suit_after_review.total:件:z}。",
    "因政府信息公开工作引发行政复议{n:t4.review.total:起:z}，已全部结案。",
    "全年涉及政府信息公开的行政诉讼共{n:t4.suit.total:件:z}，其中一审维持{n:t4.suit.upheld:件:z}。",
    "本年度政府信息公开行政复议案件数量为{n:t4.review.total::z}。",
    "申请人对答复不服提起行政复议的{n:t4.review.total:件:z}，经复议维持原答复{n:t4.review.upheld:件:z}。",
]

T2 = [
    "本年度制发规范性文件{n:t2.normative.issued:件:z}，废止{n:t2.normative.repealed:件:z}，现行有效{n:t2.normative.in_force:件}。",
    "全年制定出台行政规范性文件{n:t2.normative.issued:件:zc}，清理废止{n:t2.normative.repealed:件:z}。",
    "现行有效的规范性文件共{n:t2.normative.in_force:件}，均已在门户网站集中公开。",
    "本年新制发规章{n:t2.regulation.issued:件:z}，现行有效规章{n:t2.regulation.in_force:件:z}。",
    "全年作出行政许可决定{n:t2.licensing.decisions:件:b}，行政处罚决定{n:t2.penalty.decisions:件}。",
    "办理行政许可事项{n:t2.licensing.decisions:件:b}，作出行政强制决定{n:t2.coercion.decisions:件:z}。",
    "行政处罚处理决定数量{n:t2.penalty.decisions:件}，行政强制处理决定数量{n:t2.coercion.decisions:件:z}。",
    "本年度行政事业性收费金额{m:t2.fee.amount:万元}。",
    "全年收取行政事业性收费{m:t2.fee.amount:万元}，全部缴入国库。",
    "公开行政许可决定{n:t2.licensing.decisions:件:b}，做到应公开尽公开。",
    "全年共实施行政处罚{n:t2.penalty.decisions:件}，罚没款{m:-:万元}。",
]

T2_2019 = [
    "本年新制作规范性文件{n:t2.normative.made:件:z}，新公开{n:t2.normative.published:件:z}，对外公开总数{n:t2.normative.total:件}。",
    "全年制定规章{n:t2.regulation.made:件:z}，对外公开总数量{n:t2.regulation.total:件:z}。",
    "作出行政许可处理决定{n:t2.licensing.decisions:件:b}，其他对外管理服务事项处理决定{n:t2.other_service.decisions:件:z}。",
    "行政处罚处理决定{n:t2.penalty.decisions:件}，行政强制{n:t2.coercion.decisions:件:z}。",
    "政府集中采购项目{n:t2.procurement.items:项:z}，采购总金额{m:t2.procurement.amount:万元}。",
]

COUNTS = [
    "全年通过门户网站主动公开政府信息{n:-:条:hb}，其中政策文件{n:-:条:h}。",
    "通过政务微信公众号发布信息{n:-:篇:hb}，微博发布{n:-:条:h}。",
    "更新办事指南{n:-:项:h}，上传政策解读材料{n:-:篇:h}。",
    "组织政务公开业务培训{n:-:次:hc}，参训人员{n:-:人次:hb}。",
    "召开政务公开专题会议{n:-:次:c}，研究部署年度重点工作。",
    "开展政府开放日活动{n:-:场:c}，邀请群众代表{n:-:人:h}参加。",
    "编印政策汇编{n:-:册:h}，发放宣传资料{n:-:份:hb}。",
    "全年在线访谈{n:-:期:c}，回应网民留言{n:-:条:h}。",
    "通过12345政务服务便民热线受理工单{n:-:件:hb}，办结率{p}。",
    "发布政策解读{n:-:篇:h}，其中图解{n:-:篇:c}、视频解读{n:-:个:c}。",
    "组织抽查单位{n:-:家:hb}，发现问题{n:-:个:h}，已全部整改。",
    "设立政府信息公开查阅点{n:-:个:c}，接待群众查阅{n:-:人次:h}。",
    "全年公开财政预决算信息{n:-:条:h}，公开重大项目信息{n:-:条:h}。",
    "累计推送健康科普信息{n:-:条:hb}，阅读量{n:-:万人次:}。",
    "回应社会关切{n:-:次:h}，发布新闻稿{n:-:篇:h}。",
    "全年办理人大代表建议{n:-:件:c}、政协提案{n:-:件:c}，办结率均为{p}。",
    "公开人事任免信息{n:-:条:c}，公示招聘结果{n:-:批:c}。",
    "门户网站累计访问量{n:-:万人次:h}，较上年增长{p}。",
    "目前共有政务新媒体账号{n:-:个:c}，均纳入统一管理。",
    "指定{n:-:名:c}工作人员负责信息公开栏目的日常维护。",
    "举办新闻发布会{n:-:场:c}，发布权威信息{n:-:条:h}。",
    "全年共开展双随机抽查{n:-:次:h}，检查单位{n:-:家:hb}，任务完成率{p}。",
    "征集意见建议{n:-:条:h}，采纳{n:-:条:h}，采纳率{p}。",
    "政府信息公开专栏共设置一级栏目{n:-:个:c}、二级栏目{n:-:个:h}。",
    "对{n:-:个:c}下属单位开展政务公开专项检查，督促整改问题{n:-:项:h}。",
    "全年下达卫生监督意见书{n:-:份:h}，罚款{m:-:万元}。",
    "发放免费宣传册{n:-:册:hb}，覆盖{n:-:个:h}社区。",
    "群众满意度达{p}，网上评议好评率{p}。",
    "服务窗口共办理业务{n:-:件:hb}，平均办理时长{n:-:个工作日:c}。",
    "全系统{n:-:家:h}医疗卫生机构已全部开设信息公开专栏。",
    "主动公开数量{n:-:件}，其中规划计划类{n:-:件:h}。",
    "共录制政策宣讲视频{n:-:期:c}，累计播放{n:-:次:hb}。",
]

RANGES = [
    "每个科室确定{r:名}信息员，负责本科室信息的报送。",
    "个别栏目{r:个月}未更新，存在一定滞后。",
    "部分单位仅安排{r:名}兼职人员，力量相对薄弱。",
    "每季度组织{r:次}集中培训，提升工作人员业务能力。",
    "平均每条信息审核需要{r:天}，时效有待提升。",
]

NEGATIVE = [
    "{year}，本机关{neg:t3.new.total:未收到政府信息公开申请}。",
    "本年度{neg:t3.new.total:没有收到依申请公开的申请}。",
    "本年度{neg:t4.review.total:未发生因政府信息公开引起的行政复议}、{neg:t4.suit.total:行政诉讼}。",
    "全年{neg:t4.review.total:未发生政府信息公开行政复议}和{neg:t4.suit.total:行政诉讼}案件。",
    "{year}{neg:t4.review.total:无因政府信息公开工作被申请行政复议}的情况。",
    "本机关{neg:-:未收取信息处理费}。",
    "依据《政府信息公开信息处理费管理办法》，本年度{neg:-:没有收取信息处理费}。",
    "本年度{neg:t4.suit.total:未被提起行政诉讼}。",
    "{year}{neg:t3.new.total:未接到公民、法人或其他组织的政府信息公开申请}，故无相关处理情况。",
    "本年度{neg:-:无责任追究}情况。",
    "全年{neg:t4.review.total:没有发生行政复议}，{neg:t4.suit.total:也没有发生行政诉讼}。",
    "本单位{neg:t3.new.total:暂无依申请公开申请}。",
    "全年{neg:-:未产生信息处理费}，也未出现申请人逾期缴费的情形。",
]

TRAPS = [
    "本报告中所列数据的统计期限自{year}1月1日起至12月31日止。",
    "本报告由本机关根据《中华人民共和国政府信息公开条例》第五十条的规定编制。",
    "根据国办公开办函〔2021〕30号文件要求，现发布本年度报告。",
    "按照《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制本报告。",
    "如对本报告有疑问，请联系本机关办公室，联系电话：{phone}，邮政编码：{postcode}。",
    "地址：{addr}，邮编{postcode}。",
    "本报告电子版可在门户网站（{url}）下载。",
    "一是加强组织领导。二是完善工作机制。三是强化监督考核。",
    "(一)主动公开情况",
    "(二)依申请公开情况",
    "1.进一步加强队伍建设，提升业务能力。",
    "2、持续推进基层政务公开标准化规范化。",
    "第三，要进一步提高政策解读质量。",
    "严格执行《条例》第二十条、第三十六条的规定，依法依规办理。",
    "《国务院令第711号》修订后的条例自2019年5月15日起施行。",
    "{ymd}，我局召开政务公开工作推进会。",
    "统一零售价格信息已在网站公示。",
    "进一步深化“一网通办”改革，推行“一件事一次办”。",
    "坚持“三审三校”制度，严格落实“双随机、一公开”监管。",
    "力争全市政务公开满意度达到95%以上的目标。",
    "按照年度要点要求，确保规范性文件公开率达到100%。",
    "公开时限为自收到申请之日起20个工作日内。",
    "办公时间为工作日上午9:00-12:00，下午14:00-17:30。",
    "报告期内，{md}召开专题会议研究部署。",
    "我局于{year}底完成专栏改版，{md}上线运行。",
    "本机关坚持以人民为中心，千方百计满足群众信息需求。",
    "市民可拨打{hotline}热线反映问题。",
    "落实“两个维护”，增强“四个意识”。",
    "本报告公开的数据统计截止时间为{year}12月31日。",
    "根据《{year}政务公开工作要点》，结合本单位实际开展工作。",
    "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）执行。",
    "二〇二四年度政府信息公开工作年度报告。",
    "电子邮箱：xxgk2024@example.gov.cn。",
    "传真：{phone}。",
    "报告所列数据统计期限为{year}1月1日至{year}12月31日。",
    "信息公开工作人员均为兼职，流动性较大。",
    "强化“一把手”责任，做到一级抓一级、层层抓落实。",
    "下一步，我局将从以下三个方面加以改进。",
]

MIXED = [
    "{year}，我委通过门户网站主动公开信息{n:-:条:h}，全年收到政府信息公开申请{n:t3.new.total:件:z}。",
    "{md}至{md}，共受理申请{n:t3.new.total:件}，已全部在法定期限内答复。",
    "全年收到申请{n:t3.new.total:件:z}，其中通过当面方式提交{n:-:件:z}。",
    "自{year}1月1日起，共办结申请{n:t3.total.total:件}，答复满意率{p}。",
    "根据《条例》第三十三条规定，本机关在20个工作日内答复申请{n:t3.total.total:件}。",
    "本年度制发规范性文件{n:t2.normative.issued:件:z}，均按照国办公开办函〔2021〕30号要求及时公开。",
    "一是全年作出行政许可决定{n:t2.licensing.decisions:件:b}。二是行政处罚决定{n:t2.penalty.decisions:件}。",
    "（三）本年度新收政府信息公开申请{n:t3.new.total:件:z}，{neg:t4.review.total:未发生行政复议}。",
    "本年度共收到申请{n:t3.new.total:件}，{neg:t4.review.total:无行政复议}、{neg:t4.suit.total:行政诉讼}案件。",
    "联系电话{phone}，全年接听咨询电话{n:-:个:hb}。",
]

# Written after the extractor was tuned and scored once, untouched: the honest held-out part of test.
HELDOUT = [
    "报告期内，本机关共受理政府信息公开申请{n:t3.new.total:件:z}，同比增加{n:-:件:z}。",
    "全年新收各类政府信息公开申请{n:t3.new.total:件}，办结{n:t3.total.total:件}，按时办结率{p}。",
    "从申请人类型看，自然人{n:t3.new.natural_person:件}，商业企业{n:t3.new.business:件:z}，社会公益组织{n:t3.new.social_org:件:z}。",
    "办理结果方面，予以公开{n:t3.disclosed.total:件}，部分公开{n:t3.partial.total:件:z}，无法提供{n:t3.unavailable.total:件:z}，不予处理{n:t3.not_processed.total:件:z}。",
    "因属于重复申请不予处理的{n:t3.not_processed.duplicate.total:件:z}。",
    "要求提供公开出版物的申请{n:t3.not_processed.publication.total:件:z}，已告知获取途径。",
    "属于国家秘密不予公开的{n:t3.withheld.state_secret.total:件:z}。",
    "上年度结转申请{n:t3.carried_in.total:件:z}，本年度结转下年度办理{n:t3.carried_out.total:件:z}。",
    "截至12月31日，仍有{n:t3.carried_out.total:件:z}申请正在办理。",
    "本年度共答复政府信息公开申请{n:t3.total.total:件:c}。",
    "其中予以公开和部分公开的{n:t3.granted.total:件}。",
    "被申请行政复议{n:t4.review.total:件:zc}，其中纠正{n:t4.review.corrected:件:z}。",
    "涉及政府信息公开的行政诉讼案件{n:t4.suit.total:件:z}，其中复议后起诉{n:t4.suit_after_review.total:件:z}。",
    "行政复议结果维持{n:t4.review.upheld:件:z}，其他结果{n:t4.review.other:件:z}。",
    "{year}本单位{neg:t4.review.total:未被申请行政复议}，{neg:t4.suit.total:未被提起行政诉讼}。",
    "本年度{neg:t3.new.total:没有受理政府信息公开申请}。",
    "全年{neg:-:无收费情况}。",
    "本年度制发行政规范性文件{n:t2.normative.issued:件:zc}，现行有效{n:t2.normative.in_force:件}。",
    "作出行政处罚决定{n:t2.penalty.decisions:件}，行政强制决定{n:t2.coercion.decisions:件:z}，行政许可决定{n:t2.licensing.decisions:件:b}。",
    "本年度行政事业性收费{m:t2.fee.amount:万元}。",
    "全年废止规范性文件{n:t2.normative.repealed:件:z}。",
    "通过政府门户网站发布各类信息{n:-:条:hb}，其中工作动态{n:-:条:h}。",
    "在“健康之窗”公众号推送文章{n:-:篇:hb}，总阅读量{n:-:万次:h}。",
    "开展政务公开培训{n:-:期:c}，培训干部职工{n:-:人次:hb}。",
    "共整理归档政府信息{n:-:条:hb}，清理过期信息{n:-:条:h}。",
    "邀请{n:-:名:c}人大代表、政协委员参加政府开放日活动。",
    "及时回应网民关切问题{n:-:个:h}，回复率{p}。",
    "累计为群众解答政策咨询{n:-:人次:hb}。",
    "对所属{n:-:家:c}单位的网站进行了全面检查。",
    "本机关信息公开工作由{r:名}同志兼职负责。",
    "每月安排{r:次}栏目巡查。",
    "收到意见建议{n:-:条:h}，均已逐条回复。",
    "全年收取信息处理费{m:-:元}。",
    "报告统计时段为{ymd}至{ymd}。",
    "依据国发〔2023〕12号文件精神，扎实推进相关工作。",
    "详见本机关网站（{url}）“政府信息公开年报”栏目。",
    "联系地址：{addr}；咨询电话：{phone}。",
    "三是进一步规范依申请公开办理流程。",
    "(四)政府信息公开平台建设",
    "第一，提高政治站位。第二，压实工作责任。",
    "根据《条例》第四十二条，行政机关依申请提供政府信息，不收取费用。",
    "计划到明年底，主动公开覆盖率达到100%的目标。",
    "推进“一件事一次办”集成改革，实现“一网通办”。",
    "群众可通过{hotline}热线或网站留言咨询。",
    "全年召开党组会{n:-:次:c}专题研究政务公开工作。",
]

GROUPS = [
    ("t3", T3, None),
    ("t3_2019", T3_2019, "2019"),
    ("t4", T4, None),
    ("t2", T2, "2021"),
    ("t2_2019", T2_2019, "2019"),
    ("counts", COUNTS, None),
    ("ranges", RANGES, None),
    ("negative", NEGATIVE, None),
    ("traps", TRAPS, None),
    ("mixed", MIXED, None),
    ("heldout", HELDOUT, None),
]

# ---------------------------------------------------------------------------------------------------
# Rendering

_SLOT = re.compile(r"\{([a-z]+)(?::([^{}]*))?\}")
_CN_RANGES = [
    ("两三", 2, 3, ""),
    ("一两", 1, 2, ""),
    ("三四", 3, 4, ""),
    ("三五", 3, 5, None),
    ("四五", 4, 5, ""),
]


def _count_value(rng: random.Random, flags: str) -> int:
    if "z" in flags and rng.random() < 0.35:
        return 0
    if "b" in flags:
        return rng.choice([rng.randint(100, 999), rng.randint(1000, 9999), rng.randint(10, 99)])
    return rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(1, 30), rng.randint(100, 999)])


def _step(v: float) -> float:
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    if "." in s:
        return 10.0 ** -len(s.split(".")[1])
    return 10.0 ** (len(s) - len(s.rstrip("0")))


def _render_count(rng: random.Random, field: str, unit: str, flags: str) -> tuple[str, dict]:
    v = _count_value(rng, flags)
    gold = {"value": float(v), "unit": unit or None, "approx": None, "low": float(v), "high": float(v)}
    sp = " " if rng.random() < 0.2 else ""
    if unit.startswith("万") and unit != "万元":
        # 「68万人次」: 万 scales the value; the unit stays the counted thing (人次).
        text, g = _render_count(rng, field, unit[1:], flags.replace("c", "").replace("b", ""))
        g = {k: (v * 10000 if k in ("value", "low", "high") and v is not None else v) for k, v in g.items()}
        head = re.match(r"^(约|近|超过)?([\d,]+)", text)
        return f"{head.group(0)}万{text[head.end() :]}", g
    roll = rng.random()
    if "h" in flags and v >= 20 and roll < 0.45:
        base = int(str(v)[0] + "0" * (len(str(v)) - 1)) if v >= 100 else v - v % 10
        step = _step(base)
        hedge = rng.choice(["余", "多", "近", "约", "超过", "以上", "左右"])
        gold.update(value=float(base), approx=hedge)
        if hedge in ("余", "多"):
            gold.update(low=float(base), high=base + step)
            return f"{base}{sp}{hedge}{unit}", gold
        if hedge == "近":
            gold.update(low=max(0.0, base - step), high=float(base))
            return f"近{base}{sp}{unit}", gold
        if hedge == "约":
            gold.update(low=max(0.0, base - step), high=base + step)
            return f"约{base}{sp}{unit}", gold
        if hedge == "超过":
            gold.update(low=float(base), high=None)
            return f"超过{base}{sp}{unit}", gold
        if hedge == "以上":
            gold.update(low=float(base), high=None)
            return f"{base}{sp}{unit}以上", gold
        gold.update(low=max(0.0, base - step), high=base + step)
        return f"{base}{sp}{unit}左右", gold
    if "c" in flags and v <= 99 and roll < 0.75 and unit:
        return f"{to_chinese(v)}{unit}", gold
    if v >= 1000 and rng.random() < 0.3:
        return f"{v:,}{sp}{unit}", gold
    if not unit:
        return f"{v}", gold
    return f"{v}{sp}{unit}", gold


def _render_money(rng: random.Random, unit: str) -> tuple[str, dict]:
    if rng.random() < 0.15:
        v = 0.0
    else:
        v = round(rng.uniform(0.1, 500), rng.choice([0, 1, 2, 4]))
    text = f"{v:.4f}".rstrip("0").rstrip(".") if v else "0"
    u = unit if rng.random() < 0.75 else "元"
    if u == "元" and unit == "万元":
        v = float(int(v * 100))
        text = f"{int(v):,}" if v >= 1000 and rng.random() < 0.5 else f"{int(v)}"
    factor = 10000.0 if u == "万元" else 1.0
    gold = {"value": float(v), "unit": u, "approx": None, "low": float(v), "high": float(v)}
    gold["value_yuan"] = round(v * factor, 6)
    return f"{text}{u}", gold


def _render_percent(rng: random.Random) -> tuple[str, dict]:
    v = rng.choice([100, 98.5, 95, 99.93, 87.6, 1.57, 60, 12.3, 100])
    if rng.random() < 0.2 and float(v).is_integer() and v < 100:
        text = "百分之" + to_chinese(int(v))
    else:
        text = f"{v:g}%"
    return text, {"value": float(v), "unit": "%", "approx": None, "low": float(v), "high": float(v)}


def _render_range(rng: random.Random, unit: str) -> tuple[str, dict]:
    choice = rng.random()
    if choice < 0.4:
        text, lo, hi, _ = rng.choice([r for r in _CN_RANGES if r[3] is not None])
        return f"{text}{unit}", {
            "value": float(lo),
            "unit": unit,
            "approx": "range",
            "low": float(lo),
            "high": float(hi),
        }
    if choice < 0.7:
        lo = rng.randint(1, 5)
        hi = lo + rng.randint(1, 4)
        sep = rng.choice(["-", "至", "~"])
        return f"{lo}{sep}{hi}{unit}", {
            "value": float(lo),
            "unit": unit,
            "approx": "range",
            "low": float(lo),
            "high": float(hi),
        }
    text, lo, hi = rng.choice(
        [("三四十", 30, 40), ("七八十", 70, 80), ("十五六", 15, 16), ("二三十", 20, 30)]
    )
    return f"{text}{unit}", {
        "value": float(lo),
        "unit": unit,
        "approx": "range",
        "low": float(lo),
        "high": float(hi),
    }


def _trap(rng: random.Random, kind: str) -> str:
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
    if kind == "year":
        return f"{year}年" if rng.random() < 0.7 else f"{year} 年"
    if kind == "ymd":
        return f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    if kind == "md":
        return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    if kind == "date":
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "docno":
        return f"〔{year}〕{rng.randint(1, 90)}号"
    if kind == "phone":
        return rng.choice(
            [
                f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}",
                f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
            ]
        )
    if kind == "postcode":
        return f"{rng.randint(100000, 850000)}"
    if kind == "url":
        return f"http://www.example{rng.randint(1, 99)}.gov.cn/xxgk/{rng.randint(100, 999)}.html"
    if kind == "article":
        return f"第{to_chinese(rng.randint(1, 50))}条"
    if kind == "hotline":
        return rng.choice(["12345", "12320", "12315"])
    if kind == "addr":
        return f"{rng.choice(['人民路', '建设大街', '解放东路', '文化路'])}{rng.randint(1, 300)}号{rng.randint(2, 9)}楼"
    raise ValueError(kind)


def render(template: str, rng: random.Random) -> tuple[str, list[dict]]:
    """Return the sentence rendered from `template` and its gold claims (with char offsets)."""
    out, claims, pos = [], [], 0
    length = 0
    for m in _SLOT.finditer(template):
        lit = unicodedata.normalize("NFKC", template[pos : m.start()])
        out.append(lit)
        length += len(lit)
        kind, arg = m.group(1), m.group(2) or ""
        gold = None
        if kind == "n":
            field, unit, *rest = (arg.split(":") + ["", ""])[:3]
            text, gold = _render_count(rng, field, unit, rest[0] if rest else "")
            gold["field"] = None if field == "-" else field
        elif kind == "m":
            field, unit = arg.split(":")
            text, gold = _render_money(rng, unit)
            gold["field"] = None if field == "-" else field
        elif kind == "p":
            text, gold = _render_percent(rng)
            gold["field"] = None
        elif kind == "r":
            text, gold = _render_range(rng, arg)
            gold["field"] = None
        elif kind == "neg":
            field, phrase = arg.split(":", 1)
            text = phrase
            gold = {"value": 0.0, "unit": None, "approx": None, "low": 0.0, "high": 0.0, "negative": True}
            gold["field"] = None if field == "-" else field
        else:
            text = _trap(rng, kind)
        text = unicodedata.normalize("NFKC", text)
        if gold is not None:
            gold.update(start=length, end=length + len(text), text=text)
            gold.setdefault("negative", False)
            claims.append(gold)
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(unicodedata.normalize("NFKC", template[pos:]))
    return "".join(out), claims


def build() -> dict[str, list[dict]]:
    """Return {"dev": [...], "test": [...]} items rendered from every template."""
    rng = random.Random(SEED)
    splits: dict[str, list[dict]] = {"dev": [], "test": []}
    for group, templates, report_template in GROUPS:
        for i, tpl in enumerate(templates):
            split = "test" if group == "heldout" or zlib.crc32(tpl.encode("utf-8")) % 2 else "dev"
            copies = 1 if "{" not in tpl else PER_TEMPLATE
            for k in range(copies):
                text, claims = render(tpl, rng)
                splits[split].append(
                    {
                        "id": f"{group}-{i:03d}-{k}",
                        "template": report_template,
                        "text": text,
                        "claims": claims,
                    }
                )
    return splits


def main() -> None:
    splits = build()
    for name, items in splits.items():
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        n_claims = sum(len(i["claims"]) for i in items)
        print(f"{name}: {len(items)} sentences, {n_claims} claims")


if __name__ == "__main__":
    main()
