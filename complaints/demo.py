"""Demo complaints in every state, each brought there through the services (so with its events)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from complaints import services
from complaints.extensions import DEMO_SEEDERS
from complaints.models import RootCause
from complaints.selectors import complaint_by_external_id
from org.demo import SeedCounts
from org.models import Department

# (external id, channel, customer name, phone, waybill, category, description, target state, hours ago)
DEMO = [
    (
        "DEMO-01",
        "letter",
        "周九",
        None,
        "",
        "delivery.attitude",
        "来信反映快递员态度恶劣，未留电话。",
        "received",
        20,
    ),
    (
        "DEMO-02",
        "phone",
        "张三丰",
        "13812345678",
        "KD2026110001",
        "delay.transit",
        "快件三天未更新物流。",
        "acknowledged",
        3,
    ),
    (
        "DEMO-03",
        "web",
        "李四",
        "13900001111",
        "KD2026110002",
        "delivery.locker_without_consent",
        "未经同意将快件放入快递柜，且未通知。",
        "acknowledged",
        30,
    ),
    (
        "DEMO-04",
        "phone",
        "王五",
        "13700002222",
        "KD2026110003",
        "delivery.fake_signature",
        "物流显示已签收，本人并未收到。",
        "investigating",
        26,
    ),
    (
        "DEMO-05",
        "app",
        "赵六",
        "13600003333",
        "KD2026110004",
        "damage.broken",
        "收到的瓷器破损，要求赔偿。",
        "awaiting_customer",
        50,
    ),
    (
        "DEMO-06",
        "phone",
        "钱七",
        "15000004444",
        "KD2026110005",
        "loss.lost",
        "快件丢失，价值约两千元。",
        "pending_approval",
        70,
    ),
    (
        "DEMO-07",
        "wechat",
        "孙八",
        "15100005555",
        "KD2026110006",
        "fee.overcharge",
        "派送时被额外收取上楼费。",
        "proposed",
        44,
    ),
    (
        "DEMO-08",
        "phone",
        "郑晓燕",
        "18800008888",
        "KD2026110007",
        "delivery.attitude",
        "快递员电话中语气粗暴。",
        "resolved",
        60,
    ),
    (
        "DEMO-09",
        "outlet",
        "冯建国",
        "17700009999",
        "KD2026110008",
        "delay.transit",
        "转运中心滞留四天。",
        "closed",
        120,
    ),
    (
        "DEMO-10",
        "phone",
        "陈美玲",
        "13512340000",
        "KD2026110009",
        "loss.shortage",
        "包裹内少了一件衣服。",
        "reopened",
        150,
    ),
    (
        "DEMO-11",
        "web",
        "吴十",
        "18700007777",
        "KD2026110010",
        "other.other",
        "要求快递员必须在晚上十点后派送。",
        "rejected",
        40,
    ),
    (
        "DEMO-12",
        "phone",
        "王五",
        "13700002222",
        "KD2026110003",
        "delivery.fake_signature",
        "再次来电：物流显示已签收但本人未收到（重复投诉）。",
        "merged",
        20,
    ),
]


def seed_routing(counts: SeedCounts) -> None:
    """Channel complaints go to the customer-service centre's queue, assigned to the least-loaded agent."""
    from complaints.models import RoutingRule

    _, created = RoutingRule.objects.get_or_create(
        priority=1000,
        category=None,
        outlet=None,
        defaults={
            "department": Department.objects.get(code="CS-HQ"),
            "tier": "frontline",
            "auto_assign": True,
        },
    )
    counts.count("routing rules", created)


REPLIES = [
    (None, "致歉", "非常抱歉给您带来不便，我们已记录您反映的问题，将尽快核实处理并回复您。"),
    (
        "delivery",
        "投柜须征得同意",
        "根据《快递市场管理办法》，未经收件人同意，快递员不得擅自将快件投递到智能快件箱或快递驿站。",
    ),
    ("delay", "延误说明", "您的快件在转运环节出现延误，我们已催促中转中心优先处理，并将持续跟进物流状态。"),
    ("loss", "丢失理赔", "如快件确认丢失，保价快件按保价金额赔偿，未保价快件按合同约定的限额赔偿。"),
]


def seed_replies(counts: SeedCounts) -> None:
    from complaints.models import Category, StandardReply

    for code, title, text in REPLIES:
        category = Category.objects.get(code=code) if code else None
        _, created = StandardReply.objects.get_or_create(
            title=title, defaults={"category": category, "text": text}
        )
        counts.count("standard replies", created)


def seed_channel_bindings(counts: SeedCounts, channel_user) -> None:
    """The demo website channel files for the website, the app and the WeChat mini-program."""
    from complaints.models import ChannelBinding

    for code in ("web", "app", "wechat"):
        _, created = ChannelBinding.objects.get_or_create(user=channel_user, channel=code)
        counts.count("channel bindings", created)


def seed_complaints(counts: SeedCounts) -> None:
    seed_routing(counts)
    seed_replies(counts)
    agent = User.objects.get(username="agent1")
    channel = User.objects.get(username="channel-web")
    seed_channel_bindings(counts, channel)
    supervisor = User.objects.get(username="supervisor1")
    outlet = Department.objects.get(code="SH-PD-01")
    root_cause = RootCause.objects.get(code="last_mile")
    now = timezone.now()
    for external_id, channel_code, name, phone, waybill, category, description, target, hours in DEMO:
        if complaint_by_external_id(channel=channel_code, external_id=external_id) is not None:
            counts.count("complaints", False)
            continue
        actor = channel if channel_code in ("web", "app", "wechat") else agent
        complaint = services.complaint_intake(
            actor=actor,
            channel=channel_code,
            customer_name=name,
            customer_phone=phone,
            description=description,
            category_code=category,
            external_id=external_id,
            waybill_no=waybill,
            received_at=now - dt.timedelta(hours=hours),
        ).complaint
        if complaint.owner_id is None and target != "received":
            taker = agent if complaint.tier == "frontline" else supervisor
            complaint = services.complaint_take(complaint=complaint, actor=taker)
        handler = complaint.owner or agent
        _bring_to(
            complaint, target, agent=handler, supervisor=supervisor, outlet=outlet, root_cause=root_cause
        )
        counts.count("complaints", True)
    for seed in DEMO_SEEDERS:  # what the apps above complaints add (claims)
        seed(counts, agent, supervisor)


def _bring_to(complaint, target, *, agent, supervisor, outlet, root_cause) -> None:
    if target in ("received", "acknowledged"):
        return
    if target == "merged":
        survivor = complaint_by_external_id(external_id="DEMO-04")
        services.complaint_merge(complaint=complaint, actor=agent, into=survivor)
        return
    if target == "rejected":
        services.complaint_reject(
            complaint=complaint,
            actor=supervisor,
            reason="诉求超出服务承诺范围，已向客户解释《快递服务》标准及投递时间规定。",
        )
        return
    c = services.complaint_dispatch(
        complaint=complaint, actor=agent, department=outlet, note="请网点核实并回复"
    )
    if target == "investigating":
        return
    if target == "awaiting_customer":
        services.complaint_request_info(complaint=c, actor=agent, note="请客户提供外包装及破损物品照片")
        return
    c = services.complaint_record_finding(
        complaint=c,
        actor=agent,
        cause="网点派件员操作不规范",
        company_at_fault=True,
        responsible_department=outlet,
    )
    if target in ("pending_approval", "proposed"):
        services.complaint_propose(complaint=c, actor=agent, solution="向客户道歉并退还运费")
        return
    c = services.complaint_resolve(
        complaint=c,
        actor=agent,
        resolution="已向客户道歉，退还运费并对派件员进行教育。",
        root_cause=root_cause,
        company_at_fault=True,
        responsible_department=outlet,
    )
    if target == "resolved":
        return
    c = services.complaint_contact(complaint=c, actor=agent, outcome="reached", note="回访接通")
    c = services.complaint_close(
        complaint=c, actor=agent, outcome="satisfied", satisfaction=4, comment="处理及时"
    )
    if target == "reopened":
        c = services.complaint_reopen(complaint=c, actor=supervisor, reason="客户再次来电，表示少件仍未补发")
        # Twice unresolved: up to the expert group, whose queue then has something to decide.
        while c.tier != "expert":
            c = services.complaint_escalate(
                complaint=c, actor=supervisor, reason="客户再次投诉，提交专家组研判"
            )
