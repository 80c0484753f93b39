from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.services import verify


class Command(BaseCommand):
    help = "校验审计日志哈希链；发现第一处断裂时报告并以非零状态退出。"

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"审计日志校验失败：{result.reason}（已校验{result.checked}条完好记录）")
        self.stdout.write(f"审计日志完好：共{result.checked}条记录，哈希链连续。")
